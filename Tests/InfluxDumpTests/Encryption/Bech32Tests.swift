import XCTest

@testable import AgeEncryption

/// BIP-173's test vectors, valid and invalid, plus age's one difference: no length limit.
final class Bech32Tests: XCTestCase {
    func testValidVectorsDecodeAndReencode() throws {
        let valid = [
            "A12UEL5L",
            "a12uel5l",
            "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "11" + String(repeating: "q", count: 82) + "c8247j",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
            "?1ezyfcl",
        ]
        for vector in valid {
            XCTAssertNoThrow(try Bech32.decode(vector, maxLength: 90), vector)
        }
        // Vectors whose data is whole bytes re-encode to themselves (in lower case).
        for vector in ["A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "?1ezyfcl"] {
            let (hrp, data) = try Bech32.decode(vector)
            XCTAssertEqual(Bech32.encode(hrp: hrp, data: data), vector.lowercased(), vector)
        }
        XCTAssertEqual(try Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw").data.count, 20)
    }

    func testInvalidVectorsAreRefusedForTheirReason() {
        let invalid: [(String, Bech32.Problem)] = [
            ("\u{20}1nwldj5", .invalidPrefixCharacter),
            ("\u{7F}1axkwrx", .invalidPrefixCharacter),
            ("\u{80}1eym55h", .invalidPrefixCharacter),
            ("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", .tooLong(limit: 90)),
            ("pzry9x0s0muk", .separatorPosition),
            ("1pzry9x0s0muk", .separatorPosition),
            ("x1b4n0q5v", .invalidDataCharacter),
            ("li1dgmt3", .separatorPosition),
            ("de1lg7wt\u{FF}", .invalidDataCharacter),
            ("A1G7SGD8", .invalidChecksum),
            ("10a06t8", .separatorPosition),
            ("1qzzfhee", .separatorPosition),
            ("A12uEL5L", .mixedCase),
            ("a12uel5m", .invalidChecksum),
        ]
        for (vector, problem) in invalid {
            XCTAssertThrowsError(try Bech32.decode(vector, maxLength: 90), vector.debugDescription) { error in
                XCTAssertEqual(error as? Bech32.Problem, problem, vector.debugDescription)
            }
        }
    }

    /// age keys are longer than BIP-173 allows for some plugins; age decodes any length.
    func testAgeDecodesPastNinetyCharacters() throws {
        let long = Bech32.encode(hrp: "age", data: AgeTestData.bytes(100, seed: 3))
        XCTAssertGreaterThan(long.count, 90)
        XCTAssertEqual(try Bech32.decode(long).data, AgeTestData.bytes(100, seed: 3))
        XCTAssertThrowsError(try Bech32.decode(long, maxLength: 90))
    }

    /// Five data bits cannot be a whole byte: BIP-173's convertbits refuses the leftover bits.
    func testLeftoverBitsAreRefusedWithAValidChecksum() {
        let values: [UInt8] = [31]
        let checksum = Bech32.makeChecksum(prefix: Array("a".utf8), values: values)
        let text = String(decoding: Array("a1".utf8) + (values + checksum).map { Bech32.charset[Int($0)] }, as: UTF8.self)
        XCTAssertThrowsError(try Bech32.decode(text)) { XCTAssertEqual($0 as? Bech32.Problem, .invalidPadding) }
    }
}
