import XCTest

@testable import Support

/// The encoder's number spelling must be exactly Swift's: a digit wrong is a value changed.
final class ByteBufferTests: XCTestCase {
    private func decimal(_ v: Int64) -> String {
        let b = ByteBuffer(capacity: 16)
        b.appendDecimal(v)
        return String(decoding: b.bytes, as: UTF8.self)
    }

    private func shortest(_ v: Double) -> String {
        let b = ByteBuffer(capacity: 16)
        b.appendShortest(v)
        return String(decoding: b.bytes, as: UTF8.self)
    }

    func testDecimalAtEveryDigitCountBoundary() {
        var values: [Int64] = [0, 1, -1, 9, 10, 11, 99, 100, 101, .max, .min, .max - 1, .min + 1]
        var p: Int64 = 1
        for _ in 0..<18 {
            p *= 10
            values += [p - 1, p, p + 1, -(p - 1), -p, -(p + 1)]
        }
        for v in values { XCTAssertEqual(decimal(v), String(v), "\(v)") }
    }

    func testDecimalOfRandomValues() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let v = Int64(bitPattern: rng.next()) >> Int64.random(in: 0..<64)
            XCTAssertEqual(decimal(v), String(v))
        }
    }

    func testDecimalAppendsAfterExistingBytes() {
        let b = ByteBuffer(capacity: 16)
        b.append(Array("v=".utf8))
        b.appendDecimal(-1_234_567_890_123_456_789)
        b.append(0x69)
        XCTAssertEqual(String(decoding: b.bytes, as: UTF8.self), "v=-1234567890123456789i")
    }

    /// Every length through the short-copy branches (overlapping 4- and 8-byte moves) and past.
    func testAppendCopiesEveryLengthExactly() {
        let source = (0..<64).map { UInt8(0x41 + $0 % 26) }
        for n in 0...40 {
            let b = ByteBuffer(capacity: 16)
            b.append(0x3C)
            source.withUnsafeBytes { b.append(UnsafeRawBufferPointer(rebasing: $0[3..<(3 + n)])) }
            b.append(0x3E)
            XCTAssertEqual(Array(b.bytes), [0x3C] + source[3..<(3 + n)] + [0x3E], "length \(n)")
        }
    }

    func testShortestMatchesDescriptionForSpecialValues() {
        let values: [Double] = [
            0, -0.0, 0.1, 0.34395572247897, 1, 2, -2.5, 1e-5, 1.5e-7, 1e15, 1e16, 1e20, 123456.789,
            .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            Double(Int64.max), Double(Int64.min), 0.1 + 0.2, 1.0 / 3.0,
        ]
        for v in values { XCTAssertEqual(shortest(v), v.description, "bits \(v.bitPattern)") }
    }

    func testShortestMatchesDescriptionForRandomBitPatterns() {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        while checked < 200_000 {
            let v = Double(bitPattern: rng.next())
            guard v.isFinite else { continue }
            XCTAssertEqual(shortest(v), v.description, "bits \(v.bitPattern)")
            checked += 1
        }
        for _ in 0..<100_000 {
            let v = Double(Int.random(in: -1_000_000_000...1_000_000_000)) / 1e7  // metric-like values
            XCTAssertEqual(shortest(v), v.description)
        }
    }

    func testShortestParsesBackToTheSameBits() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            let v = Double(bitPattern: rng.next())
            guard v.isFinite else { continue }
            XCTAssertEqual(Double(shortest(v))?.bitPattern, v.bitPattern)
        }
    }
}
