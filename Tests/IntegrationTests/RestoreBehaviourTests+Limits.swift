import Foundation
import InfluxDump
import XCTest

/// InfluxDB refuses new series past `max-series-per-database`: the restore names the limit and
/// how to raise it, stops instead of sending batch after futile batch, and exits 1.
extension RestoreBehaviourTests {
    func testTheSeriesLimitIsNamedWithHowToRaiseIt() throws {
        let (_, archive) = try fixture()
        let limited = try TestServer(dataSettings: "max-series-per-database = 5")
        defer { limited.stop() }
        let out = try Shell.run(
            TestServer.executable, ["restore", "--host", limited.url, "-i", archive, "-q", "--batch-size", "2", "-j", "1"])
        XCTAssertEqual(out.status, 1, out.stderr)
        let lines = out.stderr.split(separator: "\n").map(String.init)
        let line = try XCTUnwrap(lines.last)
        XCTAssertTrue(line.contains("max-series-per-database limit exceeded: (5)"), line)
        XCTAssertTrue(
            line.contains(
                "raise max-series-per-database in the [data] section of the destination's influxdb.conf (0 = no limit) and restart influxd, then run the same restore again"
            ), line)
        XCTAssertTrue(line.contains("segment segments/"), "names the segment: \(line)")
        XCTAssertFalse(out.stderr.contains("retrying"), "a limit is not retried")
        // It stopped at the first refusal: far fewer points than the archive holds reached the server.
        let written = SchemaDiscovery.rows(try limited.client().queryValues("SHOW SERIES", database: Self.db)).count
        XCTAssertLessThanOrEqual(written, 5)
    }

    func testLimitRefusalsAreRecognised() {
        XCTAssertEqual(
            RestoreError.limitSetting("partial write: max-series-per-database limit exceeded: (1000000)"), "max-series-per-database")
        XCTAssertEqual(
            RestoreError.limitSetting(
                #"partial write: max-values-per-tag limit exceeded (100000/100000): measurement="hc" tag="id" value="x""#),
            "max-values-per-tag")
        XCTAssertNil(RestoreError.limitSetting("partial write: field type conflict: input field \"v\" on measurement \"m\" is type string"))
    }
}
