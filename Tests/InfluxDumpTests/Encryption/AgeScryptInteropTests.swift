import Foundation
import Support
import XCTest

@testable import AgeEncryption

/// age's scrypt recipient (`age -p`) both ways with the real CLI, which reads passphrases from a
/// terminal: `script` gives it one.
final class AgeScryptInteropTests: XCTestCase {
    private var tmp: TempDirectory!
    let phrase = "correct horse battery staple"

    override func setUpWithError() throws {
        tmp = try TempDirectory()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            XCTFail("/usr/bin/script (util-linux) not found: the passphrase interop tests need it to give age a terminal")
            throw CocoaError(.fileNoSuchFile)
        }
    }
    override func tearDown() { tmp.remove() }

    /// age's default work factor (18: 256 MiB of scrypt memory; seconds in a debug build, whose
    /// BoringSSL is unoptimised, so one file only).
    func testWeDecryptAgePassphraseFiles() throws {
        for size in [65536 + 1] {
            let plain = AgeTestData.bytes(size, seed: 21)
            try Data(plain).write(to: URL(fileURLWithPath: tmp.file("in")))
            try AgeCLI.runOnTerminal(["-p", "-o", tmp.file("p.age"), tmp.file("in")], typing: [phrase, phrase])
            let file = try readBytes(tmp.file("p.age"))
            XCTAssertTrue(String(decoding: file.prefix(60), as: UTF8.self).contains("\n-> scrypt "), "size \(size)")
            let out = RecordingSink()
            try AgeTestData.feed(file, to: AgeDecryptingSink(passphrase: try AgePassphrase(phrase), next: out, name: "p.age"), seed: 2)
            XCTAssertEqual(out.bytes, plain, "size \(size)")
            XCTAssertEqual(out.finishes, 1)
        }
    }

    func testAgeDecryptsOurPassphraseFiles() throws {
        let plain = AgeTestData.bytes(3 * 65536, seed: 22)
        let sealed = MemorySink()
        try AgeTestData.feed(plain, to: AgeEncryptingSink(passphrase: try AgePassphrase(phrase), workFactor: 12, next: sealed), seed: 5)
        try Data(sealed.bytes).write(to: URL(fileURLWithPath: tmp.file("ours.age")))
        try AgeCLI.runOnTerminal(["-d", "-o", tmp.file("ours.out"), tmp.file("ours.age")], typing: [phrase])
        XCTAssertEqual(try readBytes(tmp.file("ours.out")), plain)
    }
}
