import Crypto
import XCTest

@testable import AgeEncryption

/// Damaged files are refused with one line naming the file, and the next sink never receives a
/// byte that was not authenticated, nor (for a file of one chunk) any byte at all.
final class AgeDamageTests: XCTestCase {
    let identity = AgeIdentity.generate()
    let fileName = "t1/segments/000000.0.000.lp.zst.age"
    let small = AgeTestData.bytes(1000, seed: 1)
    /// Four chunks, the last one short.
    let large = AgeTestData.bytes(3 * 65536 + 100, seed: 2)

    private func refuse(_ file: [UInt8], _ expected: String, delivered: Int = 0, file line: UInt = #line) {
        for seed: UInt64 in [1, 2, 3] {
            let (out, error) = AgeTestData.decrypt(file, identities: [identity], name: fileName, seed: seed)
            XCTAssertEqual(error.map { "\($0)" }, "\(fileName): \(expected)", line: line)
            XCTAssertEqual(out.bytes.count, delivered, "bytes handed on", line: line)
            XCTAssertEqual(out.finishes, 0, "finish was called", line: line)
        }
    }

    private func headerEnd(_ file: [UInt8]) -> Int { AgeTestData.headerSize(file) }

    func testTruncatedFilesAreRefused() throws {
        let one = try AgeTestData.encrypt(small, to: [identity.recipient])
        refuse(Array(one.prefix(one.count - 500)), "age payload chunk 1 failed to authenticate (truncated, damaged or tampered)")
        refuse(Array(one.prefix(headerEnd(one) + 16)), "age payload truncated: no payload after the header")
        refuse(Array(one.prefix(headerEnd(one) + 7)), "age payload truncated: the file ends before the payload nonce")
        refuse(Array(one.prefix(40)), "age payload truncated: the file ends inside the age header")
        refuse([], "age payload truncated: the file is empty")

        let four = try AgeTestData.encrypt(large, to: [identity.recipient])
        let start = headerEnd(four) + 16
        // Cut inside chunk 3: chunk 1 was handed on, chunk 2 was held back and never is.
        refuse(
            Array(four.prefix(start + 2 * 65552 + 1000)), "age payload chunk 3 failed to authenticate (truncated, damaged or tampered)",
            delivered: 65536)
        // Cut exactly after chunk 2: it authenticates, but not as the final chunk; chunk 1 waited
        // for chunk 2 to authenticate and so was still held back.
        refuse(Array(four.prefix(start + 2 * 65552)), "age payload truncated: the file ends after chunk 2, which is not the final chunk")
        refuse(
            Array(four.prefix(start + 2 * 65552 + 1)), "age payload chunk 3 failed to authenticate (truncated, damaged or tampered)",
            delivered: 65536)
        refuse(Array(four.prefix(start + 65552)), "age payload truncated: the file ends after chunk 1, which is not the final chunk")
    }

    func testFlippedBytesAreRefused() throws {
        let one = try AgeTestData.encrypt(small, to: [identity.recipient])
        let end = headerEnd(one)
        refuse(flip(one, at: 3), "not an age encrypted file (no age-encryption.org/v1 header)")
        // A byte of our own stanza's body: the file key no longer unwraps.
        refuse(flipBase64(one, at: end - 60), "no identity matches any of the file's recipients; give the identity it was encrypted to")
        // A byte of the MAC.
        refuse(flipBase64(one, at: end - 20), "age header failed to authenticate (damaged or tampered)")
        refuse(flip(one, at: end + 20), "age payload chunk 1 failed to authenticate (truncated, damaged or tampered)")
        refuse(flip(one, at: one.count - 1), "age payload chunk 1 failed to authenticate (truncated, damaged or tampered)")

        // Another recipient's stanza: ours still unwraps, and the MAC catches the change.
        let other = AgeIdentity.generate()
        let two = try AgeTestData.encrypt(small, to: [other.recipient, identity.recipient])
        // The version line (22 bytes), "-> X25519 " and the 43-character share with its LF: 76 bytes.
        refuse(flipBase64(two, at: 76 + 5), "age header failed to authenticate (damaged or tampered)")

        let four = try AgeTestData.encrypt(large, to: [identity.recipient])
        let start = headerEnd(four) + 16
        refuse(flip(four, at: start + 5), "age payload chunk 1 failed to authenticate (truncated, damaged or tampered)")
        refuse(flip(four, at: start + 65552 + 9), "age payload chunk 2 failed to authenticate (truncated, damaged or tampered)")
        // The last chunk: chunks 1 and 2 went on, chunk 3 was held back and never is.
        refuse(
            flip(four, at: four.count - 3), "age payload chunk 4 failed to authenticate (truncated, damaged or tampered)",
            delivered: 2 * 65536)
    }

    func testWrongIdentityAndTrailingDataAreRefused() throws {
        let one = try AgeTestData.encrypt(small, to: [AgeIdentity.generate().recipient])
        refuse(one, "no identity matches any of the file's recipients; give the identity it was encrypted to")
        let full = try AgeTestData.encrypt(AgeTestData.bytes(65536, seed: 4), to: [identity.recipient])
        refuse(full + [0x00], "trailing data after the end of the age payload")
        refuse(full + Array(repeating: 0x41, count: 70000), "trailing data after the end of the age payload")
        let short = try AgeTestData.encrypt(small, to: [identity.recipient])
        refuse(short + Array("garbage".utf8), "age payload chunk 1 failed to authenticate (truncated, damaged or tampered)")
    }

    func testHandMadeFilesAgeRefusesToo() throws {
        // An empty final chunk after a full one: age never writes it and refuses it.
        refuse(
            try handMade([(AgeTestData.bytes(65536, seed: 1), false), ([], true)]),
            "age payload ends with an empty chunk, which age never writes")
        // A full chunk flagged final, then another chunk.
        refuse(
            try handMade([(AgeTestData.bytes(65536, seed: 1), true), ([1, 2, 3], true)]), "trailing data after the end of the age payload")
        let scrypt = AgeStanza(
            args: ["scrypt", AgeBase64.encodeString([UInt8](repeating: 1, count: 16)), "10"], body: [UInt8](repeating: 0, count: 32))
        refuse(try handMade([([1], true)], extra: [scrypt]), "malformed age header: an scrypt stanza must be the only one")
        var huge = Array("age-encryption.org/v1\n".utf8)
        while huge.count < 70000 { huge += Array("-> grease \(huge.count)\n\n".utf8) }
        refuse(huge, "age header larger than 65536 bytes; refusing it")
    }

    /// Unknown stanza types are skipped when another stanza matches, as age does.
    func testUnknownStanzasAreSkipped() throws {
        let grease = AgeStanza(args: ["grease-x", "a!b"], body: AgeTestData.bytes(48, seed: 3))
        let file = try handMade([(small, true)], extra: [grease])
        let (out, error) = AgeTestData.decrypt(file, identities: [identity])
        XCTAssertNil(error)
        XCTAssertEqual(out.bytes, small)
        XCTAssertEqual(out.finishes, 1)
        // The 48-byte body ends with an empty line; without it the header is malformed.
        let text = String(decoding: file, as: UTF8.self)
        let broken = Array(text.replacingOccurrences(of: "\n\n-> X25519", with: "\n-> X25519").utf8)
        XCTAssertNotEqual(broken, file)
        refuse(broken, "malformed age header: line 4: stanza body is not canonical base64")
    }

    func testHeaderParsingIsStrict() {
        let mac = AgeBase64.encodeString([UInt8](repeating: 7, count: 32))
        let cases: [(String, String)] = [
            ("age-encryption.org/v1\n-> X25519  abc\n\n--- \(mac)\n", "line 2: malformed stanza line"),
            ("age-encryption.org/v1\n->\n\n--- \(mac)\n", "line 2: expected a stanza (-> …) or the mac line (--- …)"),
            ("age-encryption.org/v1\n-> a\nZh\n--- \(mac)\n", "line 3: stanza body is not canonical base64"),
            (
                "age-encryption.org/v1\n-> a\n\(String(repeating: "A", count: 68))\n\n--- \(mac)\n",
                "line 3: stanza body line longer than 64 columns"
            ),
            ("age-encryption.org/v1\n-> a\n--- \(mac)\n", "line 2: stanza body does not end with a short line"),
            ("age-encryption.org/v1\n--- \(mac)=\n", "line 2: malformed mac line"),
            ("age-encryption.org/v1\n---  \(mac)\n", "line 2: malformed mac line"),
            ("age-encryption.org/v1\nhello\n--- \(mac)\n", "line 2: expected a stanza (-> …) or the mac line (--- …)"),
        ]
        for (text, problem) in cases {
            XCTAssertThrowsError(try AgeHeader.parse(Array(text.utf8)[...], name: "f")) {
                XCTAssertEqual("\($0)", "f: malformed age header: \(problem)", text)
            }
        }
        XCTAssertNoThrow(try AgeHeader.parse(Array("age-encryption.org/v1\n-> a b\n\n--- \(mac)\n".utf8)[...], name: "f"))
    }

    /// A file built from the parts: our X25519 stanza after `extra`, then the given chunks.
    private func handMade(_ chunks: [([UInt8], Bool)], extra: [AgeStanza] = []) throws -> [UInt8] {
        let fileKey = AgeKeySchedule.newFileKey()
        let stanzas = try extra + [identity.recipient.stanza(wrapping: fileKey)]
        let nonce = AgeTestData.bytes(16, seed: 5)
        var out = AgeHeader.encode(stanzas: stanzas, fileKey: fileKey) + nonce
        var cipher = AgeStreamCipher(key: AgeKeySchedule.payloadKey(fileKey, nonce: nonce))
        for (plain, last) in chunks {
            let sealed = try plain.withUnsafeBytes { try cipher.seal($0, last: last) }
            out += Array(sealed.ciphertext) + Array(sealed.tag)
        }
        return out
    }

    private func flip(_ file: [UInt8], at i: Int) -> [UInt8] {
        var out = file
        out[i] ^= 0x01
        return out
    }

    /// Changes a base64 character inside a line (not its last, whose low bits are constrained),
    /// so the header stays canonical and only its meaning changes.
    private func flipBase64(_ file: [UInt8], at i: Int) -> [UInt8] {
        var out = file
        XCTAssertNotNil(AgeBase64.decode([file[i], 0x41]), "not a base64 character at \(i)")
        XCTAssertNotEqual(file[i + 1], 0x0A, "the last character of a line at \(i)")
        out[i] = out[i] == 0x41 ? 0x42 : 0x41
        return out
    }
}
