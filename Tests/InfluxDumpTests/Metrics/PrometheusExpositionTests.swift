import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Metrics

final class PrometheusExpositionTests: XCTestCase {
    static let finished = Date(timeIntervalSince1970: 1_767_225_600.5)

    func testSuccessfulRunGolden() {
        let run = RunMetrics(
            operation: .dump, job: "nightly", database: "telegraf", seconds: 12.25, points: 1_000, rawBytes: 52_000,
            compressedBytes: 4_096, segments: 3, succeeded: true, finishedAt: Self.finished)
        XCTAssertEqual(
            PrometheusExposition.text(run),
            """
            # HELP influxdump_last_run_duration_seconds Wall-clock seconds the last run took.
            # TYPE influxdump_last_run_duration_seconds gauge
            influxdump_last_run_duration_seconds{operation="dump"} 12.25
            # HELP influxdump_last_run_points Points dumped or restored by the last run.
            # TYPE influxdump_last_run_points gauge
            influxdump_last_run_points{operation="dump"} 1000
            # HELP influxdump_last_run_bytes Line-protocol bytes written to segments or sent to the server by the last run.
            # TYPE influxdump_last_run_bytes gauge
            influxdump_last_run_bytes{operation="dump"} 52000
            # HELP influxdump_last_run_compressed_bytes Compressed segment bytes written or read by the last run.
            # TYPE influxdump_last_run_compressed_bytes gauge
            influxdump_last_run_compressed_bytes{operation="dump"} 4096
            # HELP influxdump_last_run_segments Segments written or restored by the last run.
            # TYPE influxdump_last_run_segments gauge
            influxdump_last_run_segments{operation="dump"} 3
            # HELP influxdump_last_run_success 1 if the last run succeeded, 0 if it failed.
            # TYPE influxdump_last_run_success gauge
            influxdump_last_run_success{operation="dump"} 1
            # HELP influxdump_last_run_timestamp_seconds Unix time the last run finished.
            # TYPE influxdump_last_run_timestamp_seconds gauge
            influxdump_last_run_timestamp_seconds{operation="dump"} 1767225600.5
            # HELP influxdump_last_success_timestamp_seconds Unix time the last successful run finished.
            # TYPE influxdump_last_success_timestamp_seconds gauge
            influxdump_last_success_timestamp_seconds{operation="dump"} 1767225600.5

            """)
    }

    /// A failure pushes success 0 and no last-success time (POST keeps the previous one).
    func testFailedRunLeavesOutTheLastSuccessTime() {
        let run = RunMetrics(operation: .restore, job: nil, database: "", seconds: 0.5, succeeded: false, finishedAt: Self.finished)
        let text = PrometheusExposition.text(run)
        XCTAssertTrue(text.contains("influxdump_last_run_success{operation=\"restore\"} 0\n"), text)
        XCTAssertTrue(text.contains("influxdump_last_run_points{operation=\"restore\"} 0\n"), text)
        XCTAssertFalse(text.contains("influxdump_last_success_timestamp_seconds"), text)
        // Every sample has its HELP and TYPE, in that order, right before it.
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 7 * 3)
        for i in stride(from: 0, to: lines.count, by: 3) {
            let name = String(lines[i + 2].prefix(while: { $0 != "{" }))
            XCTAssertTrue(lines[i].hasPrefix("# HELP \(name) "), lines[i])
            XCTAssertEqual(lines[i + 1], "# TYPE \(name) gauge")
        }
    }

    func testLabelValueEscaping() {
        let table: [(String, String)] = [
            ("plain", "plain"),
            (#"a"b"#, #"a\"b"#),
            (#"back\slash"#, #"back\\slash"#),
            ("two\nlines", #"two\nlines"#),
            (#"\"#, #"\\"#),
            ("tab\there, {braces}=,", "tab\there, {braces}=,"),
            ("ünïcode/ok", "ünïcode/ok"),
        ]
        for (input, expected) in table { XCTAssertEqual(PrometheusExposition.escapeLabelValue(input), expected, input) }
    }

    func testHelpEscapingKeepsQuotes() {
        XCTAssertEqual(PrometheusExposition.escapeHelp("say \"hi\"\\now\nthen"), #"say "hi"\\now\nthen"#)
    }

    func testFloatFormatting() {
        XCTAssertEqual(PrometheusExposition.format(1), "1.0")
        XCTAssertEqual(PrometheusExposition.format(0.000_01), "1e-05")
        XCTAssertEqual(PrometheusExposition.format(.nan), "NaN")
        XCTAssertEqual(PrometheusExposition.format(-.infinity), "-Inf")
    }
}
