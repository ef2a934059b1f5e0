import Foundation
import InfluxDump
import Logging
import XCTest

/// Metrics of runs pushed to a real Pushgateway (scraped back from `/metrics`) and written as
/// points into a real influxd.
final class MetricsTests: XCTestCase {
    var gateway: TestPushgateway!
    var server: TestServer!
    var work: String!

    override func setUpWithError() throws {
        gateway = try TestPushgateway()
        server = try TestServer()
        work = try TestServer.workDirectory("metrics")
    }

    override func tearDown() {
        gateway?.destroy()
        server?.destroy()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    var logger: Logger { var l = Logger(label: "metrics-test"); l.logLevel = .critical; return l }

    func value(_ s: [String: String], _ name: String, job: String = "nightly", database: String = "tele/graf", operation: String = "dump")
        -> Double?
    {
        TestPushgateway.value(s, name, job: job, database: database, operation: operation)
    }

    func testSuccessThenFailureKeepsTheLastSuccessTime() throws {
        try server.execute("CREATE DATABASE ops")
        let publisher = MetricsPublisher(
            pushgateway: gateway.url,
            influx: .init(client: ClientConfiguration(baseURL: server.url), database: "ops"))
        let t1 = Date(timeIntervalSince1970: 1_767_225_600.5), t2 = Date(timeIntervalSince1970: 1_767_229_200.25)
        // A database name with a `/` needs the @base64 grouping key.
        let success = RunMetrics(
            operation: .dump, job: "nightly", database: "tele/graf", seconds: 1.5, points: 1234, rawBytes: 56_789,
            compressedBytes: 4321, segments: 3, succeeded: true, finishedAt: t1)
        XCTAssertEqual(publisher.publish([success], logger: logger), [])
        var s = try gateway.scrape()
        XCTAssertEqual(value(s, "influxdump_last_run_points"), 1234)
        XCTAssertEqual(value(s, "influxdump_last_run_bytes"), 56_789)
        XCTAssertEqual(value(s, "influxdump_last_run_compressed_bytes"), 4321)
        XCTAssertEqual(value(s, "influxdump_last_run_segments"), 3)
        XCTAssertEqual(value(s, "influxdump_last_run_duration_seconds"), 1.5)
        XCTAssertEqual(value(s, "influxdump_last_run_success"), 1)
        XCTAssertEqual(value(s, "influxdump_last_run_timestamp_seconds"), t1.timeIntervalSince1970)
        XCTAssertEqual(value(s, "influxdump_last_success_timestamp_seconds"), t1.timeIntervalSince1970)

        // The next run fails; a restore of the same job and database lands in its own group.
        let failure = RunMetrics.failure(.dump, job: "nightly", databases: ["tele/graf"], seconds: 0.25, finishedAt: t2)
        var restore = RestoreReport()
        restore.byDatabase["tele/graf"] = .init(segments: 1, points: 7, bytes: 70, compressedBytes: 30)
        let restored = RunMetrics.restore(restore, databases: ["tele/graf"], job: "nightly", seconds: 2, finishedAt: t2)
        XCTAssertEqual(publisher.publish(failure + restored, logger: logger), [])
        s = try gateway.scrape()
        XCTAssertEqual(value(s, "influxdump_last_run_success"), 0)
        XCTAssertEqual(value(s, "influxdump_last_run_points"), 0)
        XCTAssertEqual(value(s, "influxdump_last_run_bytes"), 0)
        XCTAssertEqual(value(s, "influxdump_last_run_duration_seconds"), 0.25)
        XCTAssertEqual(value(s, "influxdump_last_run_timestamp_seconds"), t2.timeIntervalSince1970)
        XCTAssertEqual(
            value(s, "influxdump_last_success_timestamp_seconds"), t1.timeIntervalSince1970, "a failure must keep the last success time")
        XCTAssertEqual(value(s, "influxdump_last_run_points", operation: "restore"), 7)
        XCTAssertEqual(value(s, "influxdump_last_run_success", operation: "restore"), 1)
        XCTAssertEqual(value(s, "influxdump_last_success_timestamp_seconds", operation: "restore"), t2.timeIntervalSince1970)

        // The same three runs as points, integer fields typed integer.
        let rows = SchemaDiscovery.rows(
            try server.client().queryValues(
                "SELECT * FROM influxdump_run WHERE \"database\" = 'tele/graf' ORDER BY time", database: "ops"))
        XCTAssertEqual(rows.count, 3)
        func field(_ row: Int, _ name: String) -> MsgPackValue? { SchemaDiscovery.column(name, rows[row]) }
        XCTAssertEqual(field(0, "time")?.intValue, 1_767_225_600_500_000_000)
        XCTAssertEqual(field(0, "points")?.intValue, 1234)
        XCTAssertEqual(field(0, "bytes")?.intValue, 56_789)
        XCTAssertEqual(field(0, "compressed_bytes")?.intValue, 4321)
        XCTAssertEqual(field(0, "segments")?.intValue, 3)
        XCTAssertEqual(field(0, "success")?.intValue, 1)
        XCTAssertEqual(field(0, "duration_seconds"), .float(1.5))
        XCTAssertEqual(field(0, "job")?.stringValue, "nightly")
        XCTAssertEqual(field(0, "operation")?.stringValue, "dump")
        XCTAssertEqual(Set((1...2).compactMap { field($0, "operation")?.stringValue }), ["dump", "restore"])
        XCTAssertEqual(Set((1...2).compactMap { field($0, "success")?.intValue }), [0, 1])
        let types = SchemaDiscovery.rows(try server.client().queryValues("SHOW FIELD KEYS FROM influxdump_run", database: "ops"))
        let typeOf = Dictionary(
            uniqueKeysWithValues: types.compactMap { row in
                SchemaDiscovery.column("fieldKey", row)?.stringValue.map {
                    ($0, SchemaDiscovery.column("fieldType", row)?.stringValue ?? "")
                }
            })
        XCTAssertEqual(
            typeOf,
            [
                "bytes": "integer", "compressed_bytes": "integer", "duration_seconds": "float", "points": "integer",
                "segments": "integer", "success": "integer",
            ])
    }

    func testFailuresToPublishAreWarningsWithoutPasswords() throws {
        try server.execute("CREATE DATABASE ops")
        let run = RunMetrics(operation: .dump, job: nil, database: "db", seconds: 1, succeeded: true, finishedAt: Date())
        // No gateway on port 1; the metrics database does not exist.
        let publisher = MetricsPublisher(
            pushgateway: "http://127.0.0.1:1",
            influx: .init(
                client: ClientConfiguration(baseURL: server.url, username: "u", password: "hunter2-secret"),
                database: "missing"))
        let warnings = publisher.publish([run, run], logger: logger)
        XCTAssertEqual(warnings.count, 2, "\(warnings)")  // an unreachable gateway is reported once
        XCTAssertTrue(
            warnings[0].hasPrefix(
                "metrics not pushed: pushgateway http://127.0.0.1:1/metrics/job/influxdump/database/db/operation/dump: connection failed"),
            warnings[0])
        XCTAssertTrue(warnings[1].hasPrefix("metrics not written: metrics database missing: "), warnings[1])
        XCTAssertTrue(warnings[1].contains("database not found"), warnings[1])
        XCTAssertFalse(warnings.joined().contains("hunter2"))
    }

    /// A job file's `metrics:` key: the run pushes one group per database, and a later failing
    /// run of the same job turns success to 0 and keeps the last success time.
    func testJobRunPublishes() throws {
        try server.execute("CREATE DATABASE src")
        try server.execute("CREATE DATABASE other")
        try server.execute("CREATE DATABASE ops")
        try server.write("src", Array("cpu,host=a usage=1.5 1000000000\ncpu,host=b usage=2.5 2000000000\nmem used=3i 3000000000\n".utf8))
        try server.write("other", Array("disk free=9i 1000000000\n".utf8))
        let file = work + "/metered.yaml"
        func writeJob(source: String) throws {
            try """
            name: metered
            source: {url: \(source), databases: [src, other]}
            target: {archive: {path: \(work!)/archives}}
            mode: range
            options: {retries: 0}
            metrics:
              pushgateway: \(gateway.url)
              influx: {url: \(server.url), database: ops}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        }
        try writeJob(source: server.url)
        let out = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        var s = try gateway.scrape()
        func v(_ name: String, _ db: String) -> Double? { value(s, name, job: "metered", database: db, operation: "job") }
        XCTAssertEqual(v("influxdump_last_run_points", "src"), 3)
        XCTAssertEqual(v("influxdump_last_run_points", "other"), 1)
        XCTAssertEqual(v("influxdump_last_run_segments", "src"), 2)
        XCTAssertEqual(v("influxdump_last_run_success", "src"), 1)
        let archives = try FileManager.default.contentsOfDirectory(atPath: work + "/archives/metered")
        XCTAssertEqual(archives.count, 1)
        let manifest = try StoredArchiveReader.loadManifest(root: work + "/archives/metered/" + archives[0])
        let srcSegments = manifest.segments.filter { $0.database == "src" }
        XCTAssertEqual(v("influxdump_last_run_bytes", "src"), Double(srcSegments.reduce(0) { $0 + $1.rawBytes }))
        XCTAssertEqual(v("influxdump_last_run_compressed_bytes", "src"), Double(srcSegments.reduce(0) { $0 + $1.compressedBytes }))
        let lastSuccess = try XCTUnwrap(v("influxdump_last_success_timestamp_seconds", "src"))
        XCTAssertEqual(lastSuccess, Date().timeIntervalSince1970, accuracy: 120)

        // Restoring that archive counts per destination database what the manifest holds.
        var options = RestoreOptions(destination: ClientConfiguration(baseURL: server.url))
        options.databaseMap = ["src": "src_copy", "other": "other_copy"]
        let report = try Restorer(options: options, logger: logger).run(
            source: try StoredArchiveReader(root: work + "/archives/metered/" + archives[0]))
        let restored = RunMetrics.restore(report, databases: ["src_copy", "other_copy"], seconds: 1)
        XCTAssertEqual(restored.map(\.database), ["src_copy", "other_copy"])
        XCTAssertEqual(restored.map(\.points), [3, 1])
        XCTAssertEqual(restored.map(\.segments), [srcSegments.count, 1])
        XCTAssertEqual(restored[0].compressedBytes, srcSegments.reduce(0) { $0 + $1.compressedBytes })
        XCTAssertEqual(restored.reduce(0) { $0 + $1.rawBytes }, report.bytes)

        // Same job, source now unreachable: the run fails and says so in its metrics.
        try writeJob(source: "http://127.0.0.1:1")
        let failed = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        s = try gateway.scrape()
        XCTAssertEqual(v("influxdump_last_run_success", "src"), 0)
        XCTAssertEqual(v("influxdump_last_run_success", "other"), 0)
        XCTAssertEqual(v("influxdump_last_run_points", "src"), 0)
        XCTAssertEqual(v("influxdump_last_success_timestamp_seconds", "src"), lastSuccess)
        let rows = SchemaDiscovery.rows(
            try server.client().queryValues(
                "SELECT points, success FROM influxdump_run WHERE job = 'metered' AND \"database\" = 'src' ORDER BY time", database: "ops"))
        XCTAssertEqual(rows.map { SchemaDiscovery.column("points", $0)?.intValue }, [3, 0])
        XCTAssertEqual(rows.map { SchemaDiscovery.column("success", $0)?.intValue }, [1, 0])
    }

    /// `dump --pushgateway` and `restore --pushgateway --metrics-database` from the command line.
    func testCommandLinePushes() throws {
        try server.execute("CREATE DATABASE cli")
        try server.execute("CREATE DATABASE ops")
        try server.write("cli", Array("m,host=a v=1i 1000000000\nm,host=b v=2i 2000000000\n".utf8))
        let archive = work + "/a"
        let dump = try Shell.run(
            TestServer.executable, ["dump", "--host", server.url, "-d", "cli", "-o", archive, "-q", "--pushgateway", gateway.url])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let restore = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", server.url, "-i", archive, "-d", "cli_copy", "-q",
                "--pushgateway", gateway.url, "--metrics-database", "ops",
            ])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        let s = try gateway.scrape()
        XCTAssertEqual(value(s, "influxdump_last_run_points", job: "influxdump", database: "cli", operation: "dump"), 2)
        XCTAssertEqual(value(s, "influxdump_last_run_success", job: "influxdump", database: "cli", operation: "dump"), 1)
        XCTAssertEqual(value(s, "influxdump_last_run_points", job: "influxdump", database: "cli_copy", operation: "restore"), 2)
        let rows = SchemaDiscovery.rows(try server.client().queryValues("SELECT points FROM influxdump_run", database: "ops"))
        XCTAssertEqual(rows.first?.values.last?.intValue, 2, "the restore's point in --metrics-database")

        // A dump that fails still pushes: success 0.
        let failed = try Shell.run(
            TestServer.executable, ["dump", "--host", server.url, "-d", "nope", "-o", work + "/b", "-q", "--pushgateway", gateway.url])
        XCTAssertEqual(failed.status, 2, failed.stderr)
        XCTAssertEqual(
            value(try gateway.scrape(), "influxdump_last_run_success", job: "influxdump", database: "nope", operation: "dump"), 0)
    }
}
