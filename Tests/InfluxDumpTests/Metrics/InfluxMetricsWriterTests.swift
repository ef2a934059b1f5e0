import Foundation
import XCTest

@testable import Metrics

final class InfluxMetricsWriterTests: XCTestCase {
    static let finished = Date(timeIntervalSince1970: 1_767_225_600.25)

    func testLineGolden() throws {
        let run = RunMetrics(
            operation: .job, job: "nightly", database: "telegraf", seconds: 1.25, points: 10, rawBytes: 812,
            compressedBytes: 240, segments: 2, succeeded: true, finishedAt: Self.finished)
        XCTAssertEqual(
            try InfluxMetricsWriter.line(run),
            "influxdump_run,database=telegraf,job=nightly,operation=job bytes=812i,compressed_bytes=240i,duration_seconds=1.25,"
                + "points=10i,segments=2i,success=1i 1767225600250000000")
    }

    func testTagsAreEscapedAndEmptyOnesLeftOut() throws {
        let failed = RunMetrics(operation: .restore, job: nil, database: "", seconds: 3, succeeded: false, finishedAt: Self.finished)
        XCTAssertEqual(
            try InfluxMetricsWriter.line(failed),
            "influxdump_run,job=influxdump,operation=restore bytes=0i,compressed_bytes=0i,duration_seconds=3.0,"
                + "points=0i,segments=0i,success=0i 1767225600250000000")
        var odd = failed
        odd.database = "my db,x=1"
        XCTAssertTrue(try InfluxMetricsWriter.line(odd).hasPrefix(#"influxdump_run,database=my\ db\,x\=1,job=influxdump,"#))
    }

    func testUnwritableTagIsAnError() {
        var run = RunMetrics(operation: .dump, job: nil, database: "two\nlines", seconds: 1, succeeded: true, finishedAt: Self.finished)
        XCTAssertThrowsError(try InfluxMetricsWriter.line(run)) { error in
            XCTAssertEqual("\(error)", "metrics point: tag database: tag value contains a line feed")
        }
        run.database = "ends\\"
        XCTAssertThrowsError(try InfluxMetricsWriter.line(run))
    }
}
