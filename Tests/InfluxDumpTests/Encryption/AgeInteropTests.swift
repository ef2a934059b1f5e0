import Foundation
import XCTest

@testable import AgeEncryption

/// Interoperability with the real age CLI (Debian's age 1.1.1), both ways. These tests fail,
/// never skip, when age is missing: scripts/install-deps.sh installs it.
final class AgeInteropTests: XCTestCase {
    private var tmp: TempDirectory!
    static let sizes = [0, 1, 1000, 65535, 65536, 65537, 2 * 65536, 3 * 65536 + 5]

    override func setUpWithError() throws { tmp = try TempDirectory() }
    override func tearDown() { tmp.remove() }

    func testAgeKeygenKeysLoad() throws {
        let recipient = try AgeCLI.keygen(tmp.file("backup.key"))
        let loaded = try AgeIdentityFile.load(tmp.file("backup.key"))
        XCTAssertEqual(loaded.identities.map { $0.recipient.description }, [recipient])
        XCTAssertEqual(try AgeRecipient(parsing: recipient, source: "age-keygen").description, recipient)
        // age-keygen -y derives the same recipient from our identity.
        let ours = AgeIdentity.generate()
        try "\(ours.secretKeyString())\n".write(toFile: tmp.file("ours.key"), atomically: false, encoding: .utf8)
        let derived = try AgeCLI.run("age-keygen", ["-y", tmp.file("ours.key")])
        XCTAssertEqual(derived.trimmingCharacters(in: .whitespacesAndNewlines), ours.recipient.description)
    }

    func testAgeDecryptsWhatWeEncrypt() throws {
        let key = tmp.file("backup.key")
        let recipient = try AgeRecipient(parsing: try AgeCLI.keygen(key), source: "age-keygen")
        for size in Self.sizes {
            let plain = AgeTestData.bytes(size, seed: UInt64(size + 3))
            let file = try AgeTestData.encrypt(plain, to: [recipient], seed: UInt64(size + 1))
            let path = tmp.file("ours-\(size).age")
            try Data(file).write(to: URL(fileURLWithPath: path))
            XCTAssertEqual(try AgeCLI.runForBytes("age", ["-d", "-i", key, path]), plain, "size \(size)")
        }
    }

    func testAgeDecryptsOurFileForSeveralRecipients() throws {
        let first = try AgeCLI.keygen(tmp.file("a.key"))
        let second = try AgeCLI.keygen(tmp.file("b.key"))
        let recipients = try [first, second].map { try AgeRecipient(parsing: $0, source: "age-keygen") }
        let plain = AgeTestData.bytes(200_000, seed: 8)
        try Data(try AgeTestData.encrypt(plain, to: recipients)).write(to: URL(fileURLWithPath: tmp.file("two.age")))
        for key in ["a.key", "b.key"] {
            XCTAssertEqual(try AgeCLI.runForBytes("age", ["-d", "-i", tmp.file(key), tmp.file("two.age")]), plain, key)
        }
    }

    func testWeDecryptWhatAgeEncrypts() throws {
        let key = tmp.file("backup.key")
        let recipient = try AgeCLI.keygen(key)
        let identities = try AgeIdentityFile.load(key).identities
        for size in Self.sizes {
            let plain = AgeTestData.bytes(size, seed: UInt64(size + 9))
            try Data(plain).write(to: URL(fileURLWithPath: tmp.file("in-\(size)")))
            try AgeCLI.run("age", ["-r", recipient, "-o", tmp.file("age-\(size).age"), tmp.file("in-\(size)")])
            let (out, error) = AgeTestData.decrypt(try readBytes(tmp.file("age-\(size).age")), identities: identities, seed: UInt64(size))
            XCTAssertNil(error, "size \(size)")
            XCTAssertEqual(out.bytes, plain, "size \(size)")
            XCTAssertEqual(out.finishes, 1)
        }
    }

    func testWeDecryptAgeFilesForARecipientsFileAndTwoRecipients() throws {
        let first = try AgeCLI.keygen(tmp.file("a.key"))
        let second = try AgeCLI.keygen(tmp.file("b.key"))
        try "# the team\n\(first)\n\n\(second)\n".write(toFile: tmp.file("team.txt"), atomically: false, encoding: .utf8)
        XCTAssertEqual(try AgeRecipientsFile.load(tmp.file("team.txt")).map(\.description), [first, second])
        let plain = AgeTestData.bytes(3 * 65536, seed: 12)
        try Data(plain).write(to: URL(fileURLWithPath: tmp.file("in")))
        try AgeCLI.run("age", ["-R", tmp.file("team.txt"), "-o", tmp.file("R.age"), tmp.file("in")])
        try AgeCLI.run("age", ["-r", first, "-r", second, "-o", tmp.file("rr.age"), tmp.file("in")])
        for file in ["R.age", "rr.age"] {
            for key in ["a.key", "b.key"] {
                let identities = try AgeIdentityFile.load(tmp.file(key)).identities
                let (out, error) = AgeTestData.decrypt(try readBytes(tmp.file(file)), identities: identities)
                XCTAssertNil(error, "\(file) \(key)")
                XCTAssertEqual(out.bytes, plain, "\(file) \(key)")
            }
        }
        // A third key opens neither.
        let (out, error) = AgeTestData.decrypt(try readBytes(tmp.file("R.age")), identities: [AgeIdentity.generate()], name: "R.age")
        XCTAssertEqual(error, .noIdentityMatches(name: "R.age"))
        XCTAssertEqual(out.bytes, [])
    }
}
