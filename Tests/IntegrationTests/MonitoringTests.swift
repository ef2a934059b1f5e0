import Foundation
import InfluxDump
import Logging
import XCTest

/// The shipped monitoring files against real servers: influxd, a Pushgateway and a Prometheus
/// scraping it every second with the alert rules loaded. Real dumps, a restore and job runs (one
/// failing) push their metrics; then every query of both dashboards and every alert rule is
/// evaluated and must answer with the series and values the runs imply.
final class MonitoringTests: XCTestCase {
    /// What one Pushgateway group (job/database/operation) should show, learnt from the runs.
    struct Expected {
        var succeeded: Bool
        /// The last success ended within this range of Unix times (nil: never succeeded).
        var lastSuccess: ClosedRange<Double>?
        /// The last run took at most this long (its command's wall time).
        var maxSeconds: Double
        var points: Int64
        var rawBytes: Int64
        var compressedBytes: Int64
        var failures: Int
    }

    var server: TestServer!
    var gateway: TestPushgateway!
    var prometheus: TestPrometheus!
    /// Stands in for Loki (not installable here): records the jobs' log pushes.
    var loki: TinyHTTPServer!
    var work: String!
    /// Group key `job/database/operation` → what it should show.
    var expected: [String: Expected] = [:]
    var started = Date()

    /// A stop to run on another thread; each only touches its own server.
    struct Stop: @unchecked Sendable { var run: () -> Void }

    override func tearDown() {
        // Together: each server takes one to two seconds to stop.
        let stops = [Stop { self.prometheus?.destroy() }, Stop { self.gateway?.destroy() }, Stop { self.server?.destroy() }]
        let group = DispatchGroup()
        for stop in stops { DispatchQueue.global().async(group: group) { stop.run() } }
        group.wait()
        loki?.stop()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    static let database = "mondb"
    static let staleAge: Double = 30 * 3600

    func testEveryQueryOfTheDashboardsAndTheRulesAnswers() throws {
        started = Date()
        // Prometheus first: its first scrape comes about five seconds after it starts, time the
        // server's start and the runs can use.
        gateway = try TestPushgateway()
        prometheus = try TestPrometheus(scraping: gateway)
        server = try TestServer()
        loki = try TinyHTTPServer()
        work = try TestServer.workDirectory("monitoring")
        try server.execute("CREATE DATABASE \(Self.database)")
        try server.execute("CREATE DATABASE ops")
        let lines = (0..<50).map { "cpu,host=h\($0 % 5) usage=\(Double($0) / 4),n=\($0)i \(1_000_000_000 * ($0 + 1))" }
        try server.write(Self.database, Array((lines.joined(separator: "\n") + "\nmem used=7i 9000000000\n").utf8))

        try runDumpAndRestore()
        try runJob("nightly", source: server.url)
        try runJob("broken", source: server.url)
        // Scraped once while it succeeded, so the time-series panels have its good run too.
        try prometheus.waitUntil("broken's success") {
            try !prometheus.query("influxdump_last_run_success{job=\"broken\"} == 1").isEmpty
        }
        try runJob("broken", source: "http://127.0.0.1:1", fails: true)
        try pushStaleRun()
        // Seen by two 1 s steps: subqueries (the failure count) step on whole seconds, so a
        // sample scraped a moment ago is not yet on any of their steps.
        try prometheus.waitUntil("broken's failure and the stale job") {
            try prometheus.query("count_over_time((influxdump_last_run_success{job=\"broken\"} == 0)[1m:1s]) >= 2").count == 1
                && prometheus.query("influxdump_last_run_success{job=\"stale\"}").count == 1
        }

        try checkPrometheusDashboard()
        try checkLogsPanels()
        try checkAlertRules()
        try checkInfluxQLDashboard()
        print("MonitoringTests: servers, runs and every query in \(String(format: "%.1f", -started.timeIntervalSinceNow)) s")
    }

    /// `dump` and `restore` from the command line (job label `influxdump`), with both sinks.
    func runDumpAndRestore() throws {
        let archive = work + "/dump"
        let metrics = ["--pushgateway", gateway.url, "--metrics-database", "ops"]
        let t0 = Date().timeIntervalSince1970
        let dump = try Shell.run(
            TestServer.executable, ["dump", "--host", server.url, "-d", Self.database, "-o", archive, "-q"] + metrics)
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let t1 = Date().timeIntervalSince1970
        let restore = try Shell.run(
            TestServer.executable,
            ["restore", "--host", server.url, "-i", archive, "-d", Self.database + "_copy", "-q", "--json"] + metrics)
        XCTAssertEqual(restore.status, 0, restore.stderr)
        // The line-protocol bytes it sent: the result's `bytes` (formats/results.md).
        let result = (try JSONSerialization.jsonObject(with: restore.stdoutBytes) as? [String: Any])?["result"] as? [String: Any]
        let sent = try XCTUnwrap((result?["bytes"] as? NSNumber)?.int64Value, restore.stdout)
        let t2 = Date().timeIntervalSince1970
        let dumped = try totals(archive)
        expected["influxdump/\(Self.database)/dump"] = Expected(
            succeeded: true, lastSuccess: t0...t1, maxSeconds: t1 - t0, points: dumped.points, rawBytes: dumped.raw,
            compressedBytes: dumped.compressed, failures: 0)
        // A restore reads the same segments and sends the same points.
        expected["influxdump/\(Self.database)_copy/restore"] = Expected(
            succeeded: true, lastSuccess: t1...t2, maxSeconds: t2 - t1, points: dumped.points, rawBytes: sent,
            compressedBytes: dumped.compressed, failures: 0)
    }

    /// One `run --once` of job `name` archiving the test database, with both metrics sinks.
    func runJob(_ name: String, source: String, fails: Bool = false) throws {
        let file = work + "/\(name).yaml"
        try """
        name: \(name)
        source: {url: \(source), databases: [\(Self.database)]}
        target: {archive: {path: \(work!)/archives}}
        mode: range
        options: {retries: 0}
        metrics:
          pushgateway: \(gateway.url)
          influx: {url: \(server.url), database: ops}
        logging: {level: info, loki: {url: "http://127.0.0.1:\(loki.port)"}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let t0 = Date().timeIntervalSince1970
        let out = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
        let t1 = Date().timeIntervalSince1970
        XCTAssertEqual(out.status, fails ? 1 : 0, out.stderr)
        let key = "\(name)/\(Self.database)/job"
        if fails {
            var e = try XCTUnwrap(expected[key], "a failing run after a good one")
            (e.succeeded, e.maxSeconds, e.points, e.rawBytes, e.compressedBytes) = (false, t1 - t0, 0, 0, 0)
            e.failures += 1
            expected[key] = e
            return
        }
        let folder = work + "/archives/\(name)"
        let archive = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder).sorted().last)
        let t = try totals(folder + "/" + archive)
        expected[key] = Expected(
            succeeded: true, lastSuccess: t0...t1, maxSeconds: t1 - t0, points: t.points, rawBytes: t.raw, compressedBytes: t.compressed,
            failures: 0)
    }

    /// A job whose last success is 30 hours old, pushed through influxdump's own publisher (a
    /// test cannot wait a day): the only group the "backup older than 26 hours" rule must name.
    func pushStaleRun() throws {
        var logger = Logger(label: "monitoring-test")
        logger.logLevel = .critical
        let finished = Date().addingTimeInterval(-Self.staleAge)
        let run = RunMetrics(
            operation: .job, job: "stale", database: Self.database, seconds: 2, points: 5, rawBytes: 500, compressedBytes: 100,
            segments: 1, succeeded: true, finishedAt: finished)
        XCTAssertEqual(MetricsPublisher(pushgateway: gateway.url).publish([run], logger: logger), [])
        let t = finished.timeIntervalSince1970
        expected["stale/\(Self.database)/job"] = Expected(
            succeeded: true, lastSuccess: t...t, maxSeconds: 2, points: 5, rawBytes: 500, compressedBytes: 100, failures: 0)
    }

    /// Points and bytes of the test database's segments in the archive at `root`.
    func totals(_ root: String) throws -> (points: Int64, raw: Int64, compressed: Int64) {
        let segments = try StoredArchiveReader.loadManifest(root: root).segments.filter { $0.database == Self.database }
        XCTAssertFalse(segments.isEmpty, root)
        return segments.reduce((0, 0, 0)) { ($0.0 + $1.points, $0.1 + $1.rawBytes, $0.2 + $1.compressedBytes) }
    }

    /// The group key of a series: `job/database/operation` (operation empty when aggregated away).
    static func key(_ labels: [String: String]) -> String {
        "\(labels["job"] ?? "")/\(labels["database"] ?? "")/\(labels["operation"] ?? "")"
    }

    /// Each rule's `expr` as written in the file, and the alerts Prometheus derives from it.
    func checkAlertRules() throws {
        let rules = try MonitoringFiles.alertRules()
        XCTAssertEqual(Set(rules.map(\.name)), ["InfluxdumpBackupTooOld", "InfluxdumpLastRunFailed"])
        XCTAssertEqual(try prometheus.loadedAlertNames(), Set(rules.map(\.name)), "Prometheus loaded the rules file")
        // Rules are evaluated every second: wait for the first evaluation after the last push.
        try prometheus.waitUntil("both alerts") { try Set(prometheus.alerts().compactMap { $0.labels["alertname"] }).count == 2 }
        let alerts = try prometheus.alerts()
        for rule in rules {
            let result = try prometheus.query(rule.expr)
            Self.report(rule.name, rule.expr, result.map { "\(Self.key($0.labels)) \($0.value)" })
            let named = alerts.filter { $0.labels["alertname"] == rule.name }
            switch rule.name {
            case "InfluxdumpBackupTooOld":
                XCTAssertEqual(result.map { Self.key($0.labels) }, ["stale/\(Self.database)/"], "\(result)")
                XCTAssertEqual(result.first?.value ?? 0, Self.staleAge, accuracy: 5)
                XCTAssertEqual(named.map { Self.key($0.labels) }, ["stale/\(Self.database)/"])
            case "InfluxdumpLastRunFailed":
                XCTAssertEqual(result.map { Self.key($0.labels) }, ["broken/\(Self.database)/job"], "\(result)")
                XCTAssertEqual(result.first?.value, 0)
                XCTAssertEqual(named.map { Self.key($0.labels) }, ["broken/\(Self.database)/job"])
            default:
                XCTFail("\(rule.name): no expectation; add one")
            }
            for alert in named {
                // `for:` is minutes long: within the test the alert is pending, not yet firing.
                XCTAssertEqual(alert.state, "pending", rule.name)
                XCTAssertEqual(alert.labels["severity"], rule.labels["severity"])
                for text in [alert.annotations["summary"] ?? "", alert.annotations["description"] ?? ""] {
                    XCTAssertTrue(text.contains(alert.labels["job"] ?? "?") && text.contains(Self.database), text)
                }
            }
        }
    }
}
