import Support
import XCTest

@testable import AgeEncryption

final class AgeRoundTripTests: XCTestCase {
    static let sizes = [0, 1, 65535, 65536, 65537, 3 * 65536, 3 * 65536 + 100]

    func testRoundTripsAtChunkBoundariesInRandomPieces() throws {
        let identity = AgeIdentity.generate()
        for (i, size) in Self.sizes.enumerated() {
            let plain = AgeTestData.bytes(size, seed: UInt64(size + 1))
            let file = try AgeTestData.encrypt(plain, to: [identity.recipient], seed: UInt64(i + 1))
            let chunks = max(1, (size + 65535) / 65536)
            // The header, the 16-byte nonce, then each chunk with its 16-byte tag.
            XCTAssertEqual(file.count - plain.count - 16 * chunks - 16, AgeTestData.headerSize(file), "size \(size)")
            let (out, error) = AgeTestData.decrypt(file, identities: [identity], seed: UInt64(i + 100))
            XCTAssertNil(error, "size \(size)")
            XCTAssertEqual(out.bytes, plain, "size \(size)")
            XCTAssertEqual(out.finishes, 1)
        }
    }

    /// A full final chunk stays full: 64 KiB of plaintext is one chunk, not one and an empty one.
    func testAFullFinalChunkIsNotFollowedByAnEmptyOne() throws {
        let identity = AgeIdentity.generate()
        let file = try AgeTestData.encrypt(AgeTestData.bytes(65536, seed: 1), to: [identity.recipient])
        XCTAssertEqual(file.count, AgeTestData.headerSize(file) + 16 + 65536 + 16)
        let empty = try AgeTestData.encrypt([], to: [identity.recipient])
        XCTAssertEqual(empty.count, AgeTestData.headerSize(empty) + 16 + 16)
    }

    func testSeveralRecipientsEachDecrypt() throws {
        let a = AgeIdentity.generate()
        let b = AgeIdentity.generate()
        let plain = AgeTestData.bytes(70000, seed: 5)
        let file = try AgeTestData.encrypt(plain, to: [a.recipient, b.recipient])
        XCTAssertEqual(
            String(decoding: file.prefix(AgeTestData.headerSize(file)), as: UTF8.self).components(separatedBy: "-> X25519 ").count, 3)
        for identity in [a, b] {
            XCTAssertEqual(AgeTestData.decrypt(file, identities: [identity]).sink.bytes, plain)
        }
        // An identity list where only the second matches.
        XCTAssertEqual(AgeTestData.decrypt(file, identities: [AgeIdentity.generate(), b]).sink.bytes, plain)
    }

    func testWholeBufferConvenience() throws {
        let identity = AgeIdentity.generate()
        let manifest = Array(#"{"databases":["telegraf"]}"#.utf8)
        let sealed = try AgeEncryptingSink.encrypt(manifest, to: [identity.recipient])
        XCTAssertNil(String(decoding: sealed, as: UTF8.self).range(of: "telegraf"))
        XCTAssertEqual(try AgeDecryptingSink.decrypt(sealed, identities: [identity], name: "manifest.json.age"), manifest)
        XCTAssertThrowsError(try AgeDecryptingSink.decrypt(sealed, identities: [AgeIdentity.generate()], name: "manifest.json.age")) {
            XCTAssertEqual($0 as? AgeError, .noIdentityMatches(name: "manifest.json.age"))
        }
        XCTAssertThrowsError(try AgeEncryptingSink.encrypt(manifest, to: [])) {
            XCTAssertEqual("\($0)", "recipients: no recipients; give at least one")
        }
    }

    /// Low work factors keep the test fast; the format is the same as age's default of 18.
    func testPassphraseRoundTripAndRefusals() throws {
        let passphrase = try AgePassphrase("correct horse battery staple")
        let plain = AgeTestData.bytes(100_000, seed: 9)
        let out = MemorySink()
        try AgeTestData.feed(plain, to: AgeEncryptingSink(passphrase: passphrase, workFactor: 10, next: out), seed: 3)
        XCTAssertTrue(String(decoding: out.bytes.prefix(200), as: UTF8.self).contains("\n-> scrypt "))
        let good = RecordingSink()
        try AgeTestData.feed(out.bytes, to: AgeDecryptingSink(passphrase: passphrase, next: good, name: "p.age"), seed: 4)
        XCTAssertEqual(good.bytes, plain)

        let wrong = RecordingSink()
        XCTAssertThrowsError(
            try AgeTestData.feed(
                out.bytes, to: AgeDecryptingSink(passphrase: try AgePassphrase("wrong"), next: wrong, name: "p.age"), seed: 4)
        ) { XCTAssertEqual("\($0)", "p.age: incorrect passphrase") }
        XCTAssertEqual(wrong.bytes, [])
        let limited = RecordingSink()
        XCTAssertThrowsError(
            try AgeTestData.feed(
                out.bytes, to: AgeDecryptingSink(passphrase: passphrase, maxWorkFactor: 9, next: limited, name: "p.age"), seed: 4)
        ) { XCTAssertEqual("\($0)", "p.age: scrypt work factor 10 is above the limit 9; refusing it") }
        XCTAssertThrowsError(try AgePassphrase("")) { XCTAssertEqual("\($0)", "passphrase: empty; give a passphrase") }
        // An identity does not open a passphrase file, and says no identity matches.
        XCTAssertEqual(
            AgeTestData.decrypt(out.bytes, identities: [AgeIdentity.generate()], name: "p.age").error, .noIdentityMatches(name: "p.age"))
    }

    func testStrictBase64() {
        XCTAssertEqual(AgeBase64.decode(Array("Zg".utf8)), [0x66])
        XCTAssertNil(AgeBase64.decode(Array("Zh".utf8)), "stray low bits")
        XCTAssertNil(AgeBase64.decode(Array("Zg==".utf8)), "padding")
        XCTAssertNil(AgeBase64.decode(Array("Zm9v\n".utf8)), "newline")
        XCTAssertNil(AgeBase64.decode(Array("Z".utf8)), "one character")
        for n in 0..<50 {
            let bytes = AgeTestData.bytes(n, seed: UInt64(n + 1))
            XCTAssertEqual(AgeBase64.decode(AgeBase64.encode(bytes)), bytes)
        }
        XCTAssertEqual(AgeBase64.encodeString(Array("foobar".utf8)), "Zm9vYmFy")
        XCTAssertEqual(AgeBase64.encodeString(Array("fooba".utf8)), "Zm9vYmE")
    }
}
