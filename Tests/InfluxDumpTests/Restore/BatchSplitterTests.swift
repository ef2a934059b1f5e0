import XCTest

@testable import Restore

final class BatchSplitterTests: XCTestCase {
    private let path = "segments/000001.0.000.lp.zst"

    /// Points of a segment; some strings hold raw LF, quotes and backslashes.
    private let points: [String] = [
        "m f=1.0 1\n",
        "m s=\"two\nlines\" 2\n",
        "m s=\"q\\\"\n\\\\\" 3\n",
        "m\\ x,t=a\"b f=4i 4\n",
        "m s=\"\n\n\" 5\n",
        "m b=true 6\n",
    ]

    private struct Run {
        var batches: [(bytes: [UInt8], count: Int)] = []
        var points: Int64 = 0
        var filtered: Int64 = 0
    }

    private func run(
        _ input: [UInt8], maxPoints: Int = 1000, maxBytes: Int = 1 << 20, start: Int64? = nil, end: Int64? = nil,
        cuts: [Int] = []
    ) throws -> Run {
        var result = Run()
        var batches: [(bytes: [UInt8], count: Int)] = []
        let splitter = BatchSplitter(segmentPath: path, maxPoints: maxPoints, maxBytes: maxBytes, start: start, end: end) { batch, n in
            batches.append((batch, n))
        }
        var from = 0
        for to in cuts + [input.count] {
            try input[from..<to].withUnsafeBytes { try splitter.write($0) }
            from = to
        }
        try splitter.finish()
        result.batches = batches
        result.points = splitter.points
        result.filtered = splitter.filtered
        return result
    }

    private func texts(_ r: Run) -> [String] { r.batches.map { String(decoding: $0.bytes, as: UTF8.self) } }

    func testOneBatchWhenUnderTheLimits() throws {
        let r = try run(u8(points.joined()))
        XCTAssertEqual(texts(r), [points.joined()])
        XCTAssertEqual(r.batches.map(\.count), [6])
        XCTAssertEqual(r.points, 6)
        XCTAssertEqual(r.filtered, 0)
    }

    func testMaxPoints() throws {
        let r = try run(u8(points.joined()), maxPoints: 2)
        XCTAssertEqual(texts(r), [points[0] + points[1], points[2] + points[3], points[4] + points[5]])
        XCTAssertEqual(r.batches.map(\.count), [2, 2, 2])
        let r4 = try run(u8(points.joined()), maxPoints: 4)
        XCTAssertEqual(texts(r4), [points[0...3].joined(), points[4...5].joined()])
        let r1 = try run(u8(points.joined()), maxPoints: 1)
        XCTAssertEqual(texts(r1), points)
    }

    func testMaxBytesIsReachedThenSent() throws {
        // A batch is sent once it reaches maxBytes: it ends with the point that crossed the limit.
        let lengths = points.map { $0.utf8.count }
        XCTAssertEqual(lengths, [10, 18, 15, 18, 11, 11])
        let r = try run(u8(points.joined()), maxBytes: 28)
        XCTAssertEqual(texts(r), [points[0] + points[1], points[2] + points[3], points[4] + points[5]])
        let r2 = try run(u8(points.joined()), maxBytes: 29)
        XCTAssertEqual(texts(r2), [points[0...2].joined(), points[3] + points[4], points[5]])
        XCTAssertEqual(r2.batches.map(\.count), [3, 2, 1])
        let r3 = try run(u8(points.joined()), maxBytes: 1)
        XCTAssertEqual(texts(r3), points)
        let r4 = try run(u8(points.joined()), maxPoints: 2, maxBytes: 40)
        XCTAssertEqual(texts(r4), [points[0] + points[1], points[2] + points[3], points[4] + points[5]])
    }

    func testEverySplitOfTheInputGivesTheSameBatches() throws {
        let input = u8(points.joined())
        let expected = try texts(run(input, maxPoints: 2))
        for cut in 0...input.count {
            XCTAssertEqual(try texts(run(input, maxPoints: 2, cuts: [cut])), expected, "cut at \(cut)")
        }
        XCTAssertEqual(try texts(run(input, maxPoints: 2, cuts: Array(0..<input.count))), expected, "byte by byte")
        XCTAssertEqual(
            try texts(run(input, maxBytes: 30, cuts: Array(0..<input.count))),
            [points[0...2].joined(), points[3...5].joined()])
    }

    func testTimeFilter() throws {
        let r = try run(u8(points.joined()), start: 2, end: 5)
        XCTAssertEqual(texts(r), [points[1] + points[2] + points[3]])
        XCTAssertEqual(r.points, 3)
        XCTAssertEqual(r.filtered, 3)
        let onlyStart = try run(u8(points.joined()), maxPoints: 2, start: 4)
        XCTAssertEqual(texts(onlyStart), [points[3] + points[4], points[5]])
        XCTAssertEqual(onlyStart.filtered, 3)
        let onlyEnd = try run(u8(points.joined()), end: 2)
        XCTAssertEqual(texts(onlyEnd), [points[0]])
        XCTAssertEqual(onlyEnd.filtered, 5)
        let none = try run(u8(points.joined()), start: 100)
        XCTAssertEqual(none.batches.count, 0)
        XCTAssertEqual(none.filtered, 6)
        let negative = try run(u8("m f=1 -5\nm f=1 -3\nm f=1 0\n"), start: -4, end: 0)
        XCTAssertEqual(texts(negative), ["m f=1 -3\n"])
    }

    func testBlankLinesAreSkipped() throws {
        let r = try run(u8("\n" + points[0] + "\n\n" + points[1]))
        XCTAssertEqual(texts(r), [points[0] + points[1]])
        XCTAssertEqual(r.points, 2)
    }

    func testTrailingPartialPointIsAnError() {
        for tail in ["m f=1 7", "m s=\"open\n", "m\\", "m s=\"x\" 8\\"] {
            XCTAssertThrowsError(try run(u8(points.joined() + tail)), tail.debugDescription) {
                XCTAssertEqual($0 as? RestoreError, .segmentContent(path: path, problem: "ends inside a point (no final line feed)"))
            }
        }
    }

    func testUnreadableTimestampWhenFiltering() {
        XCTAssertThrowsError(try run(u8(points[0] + "m f=1\n"), start: 0)) {
            XCTAssertEqual($0 as? RestoreError, .segmentContent(path: path, problem: "point 2 has no readable timestamp"))
        }
        // Without a filter, timestamps are not read.
        XCTAssertNoThrow(try run(u8(points[0] + "m f=1\n")))
    }

    func testFlushErrorsPropagate() {
        struct Refused: Error {}
        let splitter = BatchSplitter(segmentPath: path, maxPoints: 1, maxBytes: 100, start: nil, end: nil) { _, _ in throw Refused() }
        XCTAssertThrowsError(try splitter.write(u8(points[0]))) { XCTAssertTrue($0 is Refused) }
    }
}
