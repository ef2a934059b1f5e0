import XCTest

@testable import InfluxAPI

/// Edge cases of the pull tokenizer; every input is hand-written msgpack.
final class MsgPackReaderTests: XCTestCase {
    /// A token with its payload resolved, so tokens can be compared across buffer compaction.
    enum Decoded: Equatable {
        case null, bool(Bool), int(Int64), bigUInt(UInt64), floatBits(UInt64)
        case string([UInt8]), binary([UInt8]), ext(Int8, [UInt8]), array(Int), map(Int)
    }

    private func resolve(_ t: MsgPackToken, _ r: MsgPackReader) -> Decoded {
        switch t {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let v): return .int(v)
        case .bigUInt(let v): return .bigUInt(v)
        case .float(let d): return .floatBits(d.bitPattern)
        case .string(let x): return .string(Array(r.bytes(x)))
        case .binary(let x): return .binary(Array(r.bytes(x)))
        case .ext(let type, let x): return .ext(type, Array(r.bytes(x)))
        case .array(let n): return .array(n)
        case .map(let n): return .map(n)
        }
    }

    private func one(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> MsgPackToken? {
        var r = MsgPackReader(bytes: bytes)
        let t = try r.next()
        XCTAssertTrue(r.isAtEnd, "token did not consume \(bytes)", file: file, line: line)
        return t
    }

    /// (bytes, expected token with absolute ranges).
    private let goldenTokens: [([UInt8], MsgPackToken)] = [
        ([0x00], .int(0)), ([0x01], .int(1)), ([0x7F], .int(127)),
        ([0xFF], .int(-1)), ([0xE0], .int(-32)), ([0xF0], .int(-16)),
        ([0xCC, 0x80], .int(128)), ([0xCC, 0xFF], .int(255)),
        ([0xCD, 0x01, 0x00], .int(256)), ([0xCD, 0xFF, 0xFF], .int(65535)),
        ([0xCE, 0x00, 0x01, 0x00, 0x00], .int(65536)), ([0xCE, 0xFF, 0xFF, 0xFF, 0xFF], .int(4_294_967_295)),
        ([0xCF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], .int(4_294_967_296)),
        ([0xCF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .int(.max)),
        ([0xCF, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], .bigUInt(9_223_372_036_854_775_808)),
        ([0xCF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .bigUInt(.max)),
        ([0xD0, 0x80], .int(-128)), ([0xD0, 0x7F], .int(127)), ([0xD0, 0xFF], .int(-1)),
        ([0xD1, 0x80, 0x00], .int(-32768)), ([0xD1, 0xFF, 0xFE], .int(-2)), ([0xD1, 0x7F, 0xFF], .int(32767)),
        ([0xD2, 0x80, 0x00, 0x00, 0x00], .int(-2_147_483_648)), ([0xD2, 0x7F, 0xFF, 0xFF, 0xFF], .int(2_147_483_647)),
        ([0xD2, 0xFF, 0xFF, 0xFF, 0xFD], .int(-3)),
        ([0xD3, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], .int(.min)),
        ([0xD3, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02], .int(.min + 2)),
        ([0xD3, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .int(.max)),
        ([0xD3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .int(-1)),
        ([0xC0], .null), ([0xC2], .bool(false)), ([0xC3], .bool(true)),
        ([0xCB, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], .float(2.0)),
        ([0xCB, 0x44, 0x15, 0xAF, 0x1D, 0x78, 0xB5, 0x8C, 0x40], .float(1e20)),
        ([0xCB, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01], .float(.leastNonzeroMagnitude)),
        ([0xCB, 0x7F, 0xEF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .float(1.7976931348623157e308)),
        ([0xCA, 0x3F, 0xC0, 0x00, 0x00], .float(1.5)),
        ([0xCA, 0xC0, 0x20, 0x00, 0x00], .float(-2.5)),
        ([0xA0], .string(1..<1)),
        ([0xA3, 0x61, 0x62, 0x63], .string(1..<4)),
        ([0xBF] + [UInt8](repeating: 0x78, count: 31), .string(1..<32)),
        ([0xD9, 0x02, 0xFF, 0xFE], .string(2..<4)),
        ([0xD9, 0x00], .string(2..<2)),
        ([0xDA, 0x00, 0x03, 0x0A, 0x00, 0x5C], .string(3..<6)),
        ([0xDB, 0x00, 0x00, 0x00, 0x01, 0x22], .string(5..<6)),
        ([0xDA, 0x01, 0x00] + [UInt8](repeating: 0x41, count: 256), .string(3..<259)),
        ([0xC4, 0x02, 0x01, 0x02], .binary(2..<4)),
        ([0xC5, 0x00, 0x01, 0x09], .binary(3..<4)),
        ([0xC6, 0x00, 0x00, 0x00, 0x00], .binary(5..<5)),
        ([0xD4, 0x05, 0xAA], .ext(type: 5, 2..<3)),
        ([0xD5, 0xFF, 0x01, 0x02], .ext(type: -1, 2..<4)),
        ([0xD6, 0x01, 1, 2, 3, 4], .ext(type: 1, 2..<6)),
        ([0xD7, 0x05, 1, 2, 3, 4, 5, 6, 7, 8], .ext(type: 5, 2..<10)),
        ([0xD8, 0x7F] + [UInt8](repeating: 7, count: 16), .ext(type: 127, 2..<18)),
        ([0xC7, 0x0C, 0x05] + [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], .ext(type: 5, 3..<15)),
        ([0xC8, 0x00, 0x01, 0x80, 0x42], .ext(type: -128, 4..<5)),
        ([0xC9, 0x00, 0x00, 0x00, 0x02, 0x03, 0x10, 0x20], .ext(type: 3, 6..<8)),
        ([0x90], .array(count: 0)), ([0x91], .array(count: 1)), ([0x9F], .array(count: 15)),
        ([0xDC, 0x00, 0x10], .array(count: 16)), ([0xDC, 0xFF, 0xFF], .array(count: 65535)),
        ([0xDD, 0x00, 0x01, 0x00, 0x00], .array(count: 65536)),
        ([0x80], .map(count: 0)), ([0x81], .map(count: 1)), ([0x8F], .map(count: 15)),
        ([0xDE, 0x00, 0x10], .map(count: 16)),
        ([0xDF, 0x00, 0x00, 0x00, 0x11], .map(count: 17)),
    ]

    func testEveryTokenKind() throws {
        for (bytes, expected) in goldenTokens {
            XCTAssertEqual(try one(bytes), expected, "bytes \(bytes.prefix(10).map { String($0, radix: 16) })")
        }
    }

    func testFloatBitPatternsAreKept() throws {
        guard case .float(let d)? = try one([0xCB, 0x80, 0, 0, 0, 0, 0, 0, 0]) else { return XCTFail() }
        XCTAssertEqual(d.bitPattern, 0x8000_0000_0000_0000)  // -0.0
        guard case .float(let f)? = try one([0xCA, 0x80, 0, 0, 0]) else { return XCTFail() }
        XCTAssertEqual(f.bitPattern, 0x8000_0000_0000_0000)  // float32 -0.0 widened keeps the sign
        guard case .float(let n)? = try one([0xCB, 0x7F, 0xF8, 0, 0, 0, 0, 0, 0]) else { return XCTFail() }
        XCTAssertTrue(n.isNaN)
        guard case .float(let inf)? = try one([0xCA, 0xFF, 0x80, 0, 0]) else { return XCTFail() }
        XCTAssertEqual(inf, -.infinity)
    }

    func testPayloadBytes() throws {
        var r = MsgPackReader(bytes: [0xD9, 0x02, 0xFF, 0xFE, 0xA1, 0x0A, 0xC4, 0x01, 0x00])
        guard case .string(let a)? = try r.next(), case .string(let b)? = try r.next(), case .binary(let c)? = try r.next() else {
            return XCTFail()
        }
        XCTAssertEqual(Array(r.bytes(a)), [0xFF, 0xFE])
        XCTAssertEqual(Array(r.bytes(b)), [0x0A])
        XCTAssertEqual(Array(r.bytes(c)), [0x00])
        XCTAssertTrue(r.isAtEnd)
        XCTAssertNil(try r.next())
    }

    func testInvalidByteThrows() {
        var r = MsgPackReader(bytes: [0x01, 0xC1, 0x02])
        XCTAssertEqual(try r.next(), .int(1))
        XCTAssertThrowsError(try r.next()) { error in
            XCTAssertEqual(error as? InfluxClientError, .malformedResponse("invalid msgpack byte 0xc1 at offset 1"))
        }
        XCTAssertEqual(r.position, 1)
    }

    func testEmptyReader() throws {
        var r = MsgPackReader()
        XCTAssertNil(try r.next())
        XCTAssertTrue(r.isAtEnd)
        XCTAssertEqual(r.unconsumedCount, 0)
    }

    /// Every truncation point of a document holding every token kind: `next()` returns nil without
    /// consuming, and the rest of the tokens come out after the remaining bytes are appended.
    func testEveryTruncationPoint() throws {
        let document = goldenTokens.flatMap(\.0)
        var full = MsgPackReader(bytes: document)
        var expected: [Decoded] = []
        var ends: [Int] = []
        while let t = try full.next() { expected.append(resolve(t, full)); ends.append(full.position) }
        XCTAssertEqual(expected.count, goldenTokens.count)

        for cut in 0...document.count {
            var r = MsgPackReader()
            document[..<cut].withUnsafeBytes { r.append($0) }
            var got: [Decoded] = []
            while let t = try r.next() { got.append(resolve(t, r)) }
            let complete = ends.filter { $0 <= cut }.count
            XCTAssertEqual(got, Array(expected.prefix(complete)), "cut \(cut)")
            let consumed = complete == 0 ? 0 : ends[complete - 1]
            XCTAssertEqual(r.position, consumed, "cut \(cut)")
            XCTAssertEqual(r.unconsumedCount, cut - consumed, "cut \(cut)")
            // Asking again changes nothing.
            XCTAssertNil(try r.next())
            XCTAssertEqual(r.position, consumed, "cut \(cut)")
            document[cut...].withUnsafeBytes { r.append($0) }
            while let t = try r.next() { got.append(resolve(t, r)) }
            XCTAssertEqual(got, expected, "cut \(cut)")
            XCTAssertTrue(r.isAtEnd)
        }
    }

    /// The same document fed one byte at a time (the buffer compacts as it goes).
    func testByteByByteFeeding() throws {
        let document = goldenTokens.flatMap(\.0)
        var full = MsgPackReader(bytes: document)
        var expected: [Decoded] = []
        while let t = try full.next() { expected.append(resolve(t, full)) }
        var r = MsgPackReader()
        var got: [Decoded] = []
        for b in document {
            [b].withUnsafeBytes { r.append($0) }
            while let t = try r.next() { got.append(resolve(t, r)) }
        }
        XCTAssertEqual(got, expected)
        XCTAssertLessThan(r.buffer.count, 600, "consumed bytes are dropped as the buffer grows")
    }
}
