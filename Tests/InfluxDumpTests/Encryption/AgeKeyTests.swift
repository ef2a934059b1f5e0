import Foundation
import XCTest

@testable import AgeEncryption

final class AgeKeyTests: XCTestCase {
    private var tmp: TempDirectory!

    override func setUpWithError() throws { tmp = try TempDirectory() }
    override func tearDown() { tmp.remove() }

    func testIdentityRoundTripsAndDerivesItsRecipient() throws {
        let identity = AgeIdentity.generate()
        let secret = identity.secretKeyString()
        XCTAssertTrue(secret.hasPrefix("AGE-SECRET-KEY-1"))
        XCTAssertEqual(secret.count, 74)
        let parsed = try AgeIdentity(parsing: secret, source: "test")
        XCTAssertEqual(parsed.recipient, identity.recipient)
        XCTAssertEqual(parsed.secretKeyString(), secret)
        let recipient = identity.recipient.description
        XCTAssertTrue(recipient.hasPrefix("age1"))
        XCTAssertEqual(recipient.count, 62)
        XCTAssertEqual(try AgeRecipient(parsing: recipient, source: "test"), identity.recipient)
        // An identity in a log shows its recipient only.
        XCTAssertFalse("\(identity)".contains(secret.dropFirst(16).prefix(20)))
        XCTAssertTrue("\(identity)".contains(recipient))
    }

    func testKeysInTheWrongCaseAreRefused() {
        let identity = AgeIdentity.generate()
        XCTAssertThrowsError(try AgeIdentity(parsing: identity.secretKeyString().lowercased(), source: "flag"))
        XCTAssertThrowsError(try AgeRecipient(parsing: identity.recipient.description.uppercased(), source: "flag"))
        XCTAssertThrowsError(try AgeRecipient(parsing: Bech32.encode(hrp: "age", data: [1, 2, 3]), source: "flag")) {
            XCTAssertEqual("\($0)", "flag: age recipient holds 3 bytes, not 32")
        }
    }

    func testIdentityFileWithCommentsBlankLinesAndSeveralKeys() throws {
        let a = AgeIdentity.generate()
        let b = AgeIdentity.generate()
        let text = "# created: 2026-01-01\n# public key: \(a.recipient)\n\(a.secretKeyString())\n\n  \(b.secretKeyString())\r\n"
        let identities = try AgeIdentityFile.parse(text, path: "backup.key")
        XCTAssertEqual(identities.map(\.recipient), [a.recipient, b.recipient])
    }

    /// Each refusal names the file and the 1-based line, and never quotes the key.
    func testIdentityFileErrorsAreGoldenAndCarryNoSecret() {
        let secret = AgeIdentity.generate().secretKeyString()
        var damaged = Array(secret.utf8)
        damaged[40] = damaged[40] == UInt8(ascii: "Q") ? UInt8(ascii: "P") : UInt8(ascii: "Q")
        let bad = String(decoding: damaged, as: UTF8.self)
        let recipient = AgeIdentity.generate().recipient.description
        let cases: [(String, String)] = [
            ("# key\n\n\(bad)\n", "backup.key:3: not an age identity (AGE-SECRET-KEY-1…): invalid checksum"),
            ("\(secret)\n\(recipient)\n", "backup.key:2: a recipient (public key) where an identity (AGE-SECRET-KEY-1…) was expected"),
            ("\(secret.lowercased())\n", "backup.key:1: not an age identity (expected AGE-SECRET-KEY-1…)"),
            ("# only comments\n\n", "backup.key: no age identities (AGE-SECRET-KEY-1…) in file"),
            (
                "\(secret.prefix(30))B\(secret.dropFirst(31))\n",
                "backup.key:1: not an age identity (AGE-SECRET-KEY-1…): invalid character in the data part"
            ),
            (
                "age-encryption.org/v1\n-> scrypt",
                "backup.key:1: passphrase-protected identity files are not supported; decrypt it with age first"
            ),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try AgeIdentityFile.parse(text, path: "backup.key")) { error in
                let message = "\(error)"
                XCTAssertEqual(message, expected)
                XCTAssertFalse(message.contains("\n"))
                Self.assertNoKeyMaterial(message, secrets: [secret, bad])
            }
        }
    }

    func testRecipientsFileParsesAndRefusesSecrets() throws {
        let a = AgeIdentity.generate()
        let b = AgeIdentity.generate()
        let parsed = try AgeRecipientsFile.parse("# team\n\(a.recipient)\n\n\(b.recipient)\n", path: "team.txt")
        XCTAssertEqual(parsed, [a.recipient, b.recipient])
        let secret = a.secretKeyString()
        let cases: [(String, String)] = [
            (
                "\(b.recipient)\n\(secret)\n",
                "team.txt:2: a secret key (identity) where a recipient (age1…) was expected; give its public key"
            ),
            ("ssh-ed25519 AAAAC3Nza\n", "team.txt:1: ssh recipients are not supported; give an age1… recipient"),
            ("\(b.recipient.description.dropLast())x\n", "team.txt:1: not an age recipient (age1…): invalid checksum"),
            ("", "team.txt: no age recipients (age1…) in file"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try AgeRecipientsFile.parse(text, path: "team.txt")) { error in
                XCTAssertEqual("\(error)", expected)
                Self.assertNoKeyMaterial("\(error)", secrets: [secret])
            }
        }
    }

    func testLoadReportsAFileOthersCanRead() throws {
        let identity = AgeIdentity.generate()
        let path = tmp.file("backup.key")
        try "\(identity.secretKeyString())\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        let closed = try AgeIdentityFile.load(path)
        XCTAssertFalse(closed.readableByOthers)
        XCTAssertEqual(closed.identities.map(\.recipient), [identity.recipient])
        chmod(path, 0o640)
        XCTAssertTrue(try AgeIdentityFile.load(path).readableByOthers)
        chmod(path, 0o604)
        XCTAssertTrue(try AgeIdentityFile.load(path).readableByOthers)
        XCTAssertThrowsError(try AgeIdentityFile.load(tmp.file("missing.key"))) {
            XCTAssertEqual("\($0)", "\(tmp.file("missing.key")): cannot read key file: No such file or directory")
        }
        XCTAssertThrowsError(try AgeRecipientsFile.load(tmp.path)) {
            XCTAssertEqual("\($0)", "\(tmp.path): cannot read key file: not a regular file")
        }
    }

    /// No run of 12 characters of a secret's data part appears in `message`.
    static func assertNoKeyMaterial(_ message: String, secrets: [String], file: StaticString = #filePath, line: UInt = #line) {
        for secret in secrets {
            let data = Array(secret.uppercased().dropFirst("AGE-SECRET-KEY-1".count))
            for start in stride(from: 0, to: data.count - 12, by: 1) {
                let piece = String(data[start..<(start + 12)])
                if message.uppercased().contains(piece) {
                    XCTFail("message carries key material: \(message)", file: file, line: line)
                    return
                }
            }
        }
    }
}
