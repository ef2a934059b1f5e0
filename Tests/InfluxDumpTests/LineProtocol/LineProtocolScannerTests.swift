import XCTest

@testable import LineProtocol

/// Point boundaries of line-protocol streams (formats/archive-format.md §Point boundaries).
final class LineProtocolScannerTests: XCTestCase {
    /// Feeds `input` in pieces cut at `cuts` and returns the absolute offsets of the boundaries.
    private func boundaries(_ input: [UInt8], cuts: [Int] = []) -> (offsets: [Int], atBoundary: Bool) {
        var scanner = LineProtocolScanner()
        var offsets: [Int] = []
        var start = 0
        for end in cuts + [input.count] {
            input[start..<end].withUnsafeBytes { buf in
                scanner.scan(buf) { i in offsets.append(start + i) }
            }
            start = end
        }
        return (offsets, scanner.atBoundary)
    }

    /// The points (without their LF) between boundaries, plus whatever follows the last one.
    private func split(_ input: [UInt8], _ offsets: [Int]) -> (points: [[UInt8]], rest: [UInt8]) {
        var points: [[UInt8]] = []
        var start = 0
        for o in offsets {
            XCTAssertEqual(input[o], 0x0A, "boundary at a byte that is not LF")
            points.append(Array(input[start..<o]))
            start = o + 1
        }
        return (points, Array(input[start...]))
    }

    /// Golden rows: input → points (blank ones included, as the scanner reports them).
    private let golden: [(input: String, points: [String], rest: String)] = [
        ("m f=1 1\nm f=2 2\n", ["m f=1 1", "m f=2 2"], ""),
        // Raw LF inside a string field value.
        ("m s=\"a\nb\" 1\nm f=1 2\n", ["m s=\"a\nb\" 1", "m f=1 2"], ""),
        (
            "log msg=\"first line\nsecond line, with \\\"quotes\\\" and a \\\\ backslash\" -86400000000000\n",
            ["log msg=\"first line\nsecond line, with \\\"quotes\\\" and a \\\\ backslash\" -86400000000000"], ""
        ),
        // Escaped quotes inside the string do not close it.
        ("m s=\"a\\\"\n\\\"b\" 1\nn f=1 2\n", ["m s=\"a\\\"\n\\\"b\" 1", "n f=1 2"], ""),
        // A string ending in an escaped backslash is closed by the next quote.
        ("m s=\"x\\\\\" 1\nn f=1 2\n", ["m s=\"x\\\\\" 1", "n f=1 2"], ""),
        // `"` in a measurement, tag key, tag value, field key: not a quote.
        ("m\"q f=1 1\nn f=2 2\n", ["m\"q f=1 1", "n f=2 2"], ""),
        ("m,k\"=v f=1 1\nn f=2 2\n", ["m,k\"=v f=1 1", "n f=2 2"], ""),
        ("m,t=a\"b f=1 1\nn f=2 2\n", ["m,t=a\"b f=1 1", "n f=2 2"], ""),
        ("m a\"b=1 1\nn f=2 2\n", ["m a\"b=1 1", "n f=2 2"], ""),
        ("m a=1,b\"c=2 1\nn f=2 2\n", ["m a=1,b\"c=2 1", "n f=2 2"], ""),
        ("m a\\\"b=1 1\nn f=2 2\n", ["m a\\\"b=1 1", "n f=2 2"], ""),
        // An escaped space in the measurement does not start the fields: `=` and `"` stay name bytes.
        ("a\\ b=c\"d f=1 1\nn f=2 2\n", ["a\\ b=c\"d f=1 1", "n f=2 2"], ""),
        // An escaped `=` in a field key is not counted: the real `=` opens the string.
        ("m a\\=b=\"x\ny\" 1\nn f=1 2\n", ["m a\\=b=\"x\ny\" 1", "n f=1 2"], ""),
        // `,` and `=` inside a string are not counted; a second string still opens.
        ("m a=\"x,y=z\",b=\"p\nq\" 1\nn f=1 2\n", ["m a=\"x,y=z\",b=\"p\nq\" 1", "n f=1 2"], ""),
        // Blank lines are boundaries too.
        ("\n\nm f=1 1\n\n", ["", "", "m f=1 1", ""], ""),
        // CRLF is not special: CR stays in the point.
        ("m f=1 1\r\nm f=2 2\r\n", ["m f=1 1\r", "m f=2 2\r"], ""),
        // An escaped LF outside quotes does not end the point.
        ("m\\\n f=1 1\nn f=1 2\n", ["m\\\n f=1 1", "n f=1 2"], ""),
        // Unterminated: no boundary.
        ("m f=1 1\nm s=\"abc\n", ["m f=1 1"], "m s=\"abc\n"),
        ("m f=1 1\nm f=2 2", ["m f=1 1"], "m f=2 2"),
    ]

    func testGoldenBoundaries() {
        for row in golden {
            let input = u8(row.input)
            let (offsets, atBoundary) = boundaries(input)
            let (points, rest) = split(input, offsets)
            XCTAssertEqual(points, row.points.map(u8), "input \(row.input.debugDescription)")
            XCTAssertEqual(rest, u8(row.rest), "input \(row.input.debugDescription)")
            XCTAssertEqual(atBoundary, row.rest.isEmpty, "atBoundary for \(row.input.debugDescription)")
        }
    }

    func testAtBoundaryStates() {
        XCTAssertTrue(LineProtocolScanner().atBoundary)
        for (input, expected) in [
            ("m", false), ("m f=\"x", false), ("m\\", false), ("m f=\"x\\", false),
            ("m f=1 1\n", true), ("\n", true), ("m f=\"a\n", false), ("m f=\"a\"", false),
        ] {
            XCTAssertEqual(boundaries(u8(input)).atBoundary, expected, input.debugDescription)
        }
    }

    func testEveryTwoWaySplitAndByteByByteGiveTheSameBoundaries() {
        for row in golden {
            let input = u8(row.input)
            let whole = boundaries(input)
            for cut in 0...input.count {
                let split = boundaries(input, cuts: [cut])
                XCTAssertEqual(split.offsets, whole.offsets, "cut at \(cut) of \(row.input.debugDescription)")
                XCTAssertEqual(split.atBoundary, whole.atBoundary, "cut at \(cut) of \(row.input.debugDescription)")
            }
            let single = boundaries(input, cuts: Array(0..<input.count))
            XCTAssertEqual(single.offsets, whole.offsets, "byte by byte: \(row.input.debugDescription)")
            XCTAssertEqual(single.atBoundary, whole.atBoundary)
        }
        // All golden inputs as one stream, every 2-way split.
        let all = u8(golden.filter { $0.rest.isEmpty }.map(\.input).joined())
        let whole = boundaries(all)
        XCTAssertEqual(whole.offsets.count, golden.filter { $0.rest.isEmpty }.reduce(0) { $0 + $1.points.count })
        for cut in 0...all.count {
            XCTAssertEqual(boundaries(all, cuts: [cut]).offsets, whole.offsets, "cut at \(cut)")
        }
        XCTAssertEqual(boundaries(all, cuts: Array(0..<all.count)).offsets, whole.offsets)
    }

    func testThrowingCallbackStopsScanning() {
        struct Stop: Error {}
        var scanner = LineProtocolScanner()
        var seen: [Int] = []
        XCTAssertThrowsError(
            try u8("a f=1 1\nb f=1 1\n").withUnsafeBytes { buf in
                try scanner.scan(buf) { i in
                    seen.append(i); throw Stop()
                }
            })
        XCTAssertEqual(seen, [7])
    }
}
