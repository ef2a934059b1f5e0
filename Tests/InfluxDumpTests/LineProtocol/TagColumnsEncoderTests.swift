import XCTest

@testable import InfluxAPI
@testable import LineProtocol

/// The `SELECT *` shape without `GROUP BY *`: tags as columns, rows in time order across series.
final class TagColumnsEncoderTests: XCTestCase {
    func testTheShapeIsChosenOnlyWhenEveryNameIsUnambiguous() {
        XCTAssertEqual(TagColumns.exact(tags: ["host", "dc"], fields: ["v"]), TagColumns(tags: ["dc", "host"], fields: ["v"]))
        XCTAssertNil(TagColumns.exact(tags: ["k"], fields: ["k"]), "a tag key equal to a field key comes back as k_1")
        XCTAssertNil(TagColumns.exact(tags: ["k"], fields: ["v", "k_1"]), "a real k_1 could be a renamed k")
        XCTAssertNil(TagColumns.exact(tags: ["a_b"], fields: ["a_b_12"]), "any base_N")
        XCTAssertNil(TagColumns.exact(tags: [], fields: ["x", "x_1_1"]), "x_1_1 is a rename of a rename of x")
        XCTAssertNotNil(TagColumns.exact(tags: ["k"], fields: ["k_x", "k_", "_1", "k_1a"]), "not base_N")
        XCTAssertNil(TagColumns.exact(tags: ["time"], fields: ["v"]))
        XCTAssertNotNil(TagColumns.exact(tags: [], fields: ["v"]))
    }

    /// Random series (escapes, backslashes, absent tags, invalid UTF-8) through both shapes give
    /// the same points and the same series count.
    func testBothShapesGiveTheSamePointsAndSeries() throws {
        var rng = SplitMix(seed: 7)
        let tagKeys = ["a", "b c", "d=e", #"f\ g"#, "h,i"]
        let pool: [[UInt8]] = [
            u8("x"), u8("y z"), u8("p=q,r"), u8(#"s\ t"#), u8(#"u\"#) + u8("v"), [0xFF, 0x41], u8("\"q\""), u8("\"v"), u8(#"w\"#), [],
        ]
        var problems = 0, reordered = 0
        for trial in 0..<200 {
            // One series the server's line splitter would misread in sorted tag order.
            var series: [[[UInt8]?]] = [[nil, nil, nil, u8("1"), u8("\"v")]]
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                series.append(tagKeys.map { _ in rng.next() % 3 == 0 ? nil : pool[Int(rng.next() % UInt64(pool.count))] })
            }
            var rows: [(series: Int, time: Int64, value: Double)] = []
            for _ in 0..<(1 + Int(rng.next() % 40)) {
                rows.append((Int(rng.next() % UInt64(series.count)), Int64(rng.next() % 20) - 10, Double(rng.next() % 1000) / 8))
            }
            let bySeries = try encodeBySeries(tagKeys: tagKeys, series: series, rows: rows)
            let byTime = try encodeByTime(tagKeys: tagKeys, series: series, rows: rows.sorted { $0.time < $1.time })
            XCTAssertEqual(bySeries.lines.sorted(), byTime.lines.sorted(), "trial \(trial)")
            XCTAssertEqual(bySeries.series, byTime.series, "trial \(trial)")
            XCTAssertEqual(bySeries.problems, byTime.problems, "trial \(trial)")
            problems += bySeries.problems.count
            reordered += byTime.lines.filter { $0.hasPrefix("m,h\\,i=") }.count
        }
        XCTAssertGreaterThan(problems, 0, "the pool holds names that cannot be written")
        XCTAssertGreaterThan(reordered, 0, "and names that need the splitter-safe order")
    }

    func testAnUnplannedColumnIsAMismatch() {
        let encoder = LineProtocolEncoder(output: RecordingPointSink())
        encoder.tagColumns = TagColumns(tags: ["host"], fields: ["v"])
        XCTAssertThrowsError(try encoder.beginSeries(name: u8("m"), tags: [], columns: ["time", "host", "host_1", "v"].map(u8))) {
            XCTAssertEqual(
                "\($0)", #"measurement m: column "host_1" is not a planned tag or field key; queried again with GROUP BY *"#)
        }
    }

    func testANumberInATagColumnIsAMismatch() throws {
        let encoder = LineProtocolEncoder(output: RecordingPointSink())
        encoder.tagColumns = TagColumns(tags: ["host"], fields: ["v"])
        XCTAssertThrowsError(
            try drive(encoder, name: u8("m"), tags: [], columns: ["time", "host", "v"].map(u8), rows: [(1, [.int(3), .float(1)])])
        ) { XCTAssertTrue($0 is QueryShapeMismatch, "\($0)") }
    }

    func testTagColumnsOutOfOrderAreAMismatch() {
        let encoder = LineProtocolEncoder(output: RecordingPointSink())
        encoder.tagColumns = TagColumns(tags: ["a", "b"], fields: ["v"])
        XCTAssertThrowsError(try encoder.beginSeries(name: u8("m"), tags: [], columns: ["time", "b", "a", "v"].map(u8))) {
            XCTAssertTrue($0 is QueryShapeMismatch)
        }
    }

    // MARK: - Both shapes

    private struct Result {
        var lines: [String]
        var series: Int64
        var problems: [String: Int64]
    }

    private func encodeBySeries(tagKeys: [String], series: [[[UInt8]?]], rows: [(series: Int, time: Int64, value: Double)]) throws
        -> Result
    {
        let sink = RecordingPointSink()
        let encoder = LineProtocolEncoder(output: sink)
        for (i, tags) in series.enumerated() where rows.contains(where: { $0.series == i }) {
            try drive(
                encoder, name: u8("m"), tags: zip(tagKeys, tags).map { (u8($0), $1 ?? []) }, columns: ["time", "v"].map(u8),
                rows: rows.filter { $0.series == i }.map { ($0.time, [.float($0.value)]) })
        }
        return Result(
            lines: sink.lines.map { String(decoding: $0, as: UTF8.self) }, series: encoder.series.count, problems: encoder.unrepresentable)
    }

    private func encodeByTime(tagKeys: [String], series: [[[UInt8]?]], rows: [(series: Int, time: Int64, value: Double)]) throws
        -> Result
    {
        let sink = RecordingPointSink()
        let encoder = LineProtocolEncoder(output: sink)
        // The server's column order: tags and fields together, sorted by name.
        let columns = (tagKeys + ["v"]).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        encoder.tagColumns = TagColumns.exact(tags: tagKeys, fields: ["v"])
        XCTAssertNotNil(encoder.tagColumns)
        try drive(
            encoder, name: u8("m"), tags: [], columns: (["time"] + columns).map(u8),
            rows: rows.map { row in
                (
                    row.time,
                    columns.map { c -> TestCell in
                        if c == "v" { return .float(row.value) }
                        return series[row.series][tagKeys.firstIndex(of: c)!].map { .string($0) } ?? .null
                    }
                )
            })
        return Result(
            lines: sink.lines.map { String(decoding: $0, as: UTF8.self) }, series: encoder.series.count, problems: encoder.unrepresentable)
    }
}
