import Foundation
import XCTest

/// deploy/grafana/influxdump.json against the live Prometheus: every target and variable query,
/// interpolated as Grafana would, with the values the runs imply.
extension MonitoringTests {
    /// What a query's series should be, for the group `e` it belongs to; `now` is the query's
    /// evaluation time. Returns nil when the group must have no series (a failed run's ratio).
    typealias Check = (_ e: Expected, _ now: Double) -> ClosedRange<Double>?

    /// One expectation per panel target, keyed `title/refId` as the dashboard names them.
    var panelChecks: [String: Check] {
        func exactly(_ v: Double) -> ClosedRange<Double> { v...v }
        let age: Check = { e, now in e.lastSuccess.map { (now - $0.upperBound)...(now - $0.lowerBound) } }
        return [
            "Last success age/A": age,
            "Last run/A": { e, _ in exactly(e.succeeded ? 1 : 0) },
            "Failures in the last 24 h/A": { e, _ in exactly(Double(e.failures)) },
            "Points per run/A": { e, _ in exactly(Double(e.points)) },
            "Bytes per run/A": { e, _ in exactly(Double(e.rawBytes)) },
            "Bytes per run/B": { e, _ in exactly(Double(e.compressedBytes)) },
            "Duration/A": { e, _ in Double.leastNonzeroMagnitude...e.maxSeconds },
            "Compression ratio/A": { e, _ in
                guard e.compressedBytes > 0, e.rawBytes > 0 else { return nil }
                let r = Double(e.rawBytes) / Double(e.compressedBytes)
                return (r * (1 - 1e-12))...(r * (1 + 1e-12))
            },
            "Time since the newest archive/A": age,
        ]
    }

    func checkPrometheusDashboard() throws {
        let queries = MonitoringFiles.queries(try MonitoringFiles.dashboard("influxdump.json"))
        let panelQueries = queries.filter { $0.datasource == "prometheus" && $0.panelType != "variable" }
        XCTAssertEqual(Set(panelQueries.map(\.key)), Set(panelChecks.keys), "every Prometheus target has an expectation")
        for q in panelQueries { try checkAll(q) }
        for q in panelQueries { try checkSelection(q, job: "broken") }
        for q in queries where q.panelType == "variable" { try checkVariable(q) }
    }

    /// With "All" selected: one series per group the panel covers, with the expected value.
    func checkAll(_ q: MonitoringFiles.DashboardQuery) throws {
        let expr = MonitoringFiles.interpolate(q.query, job: MonitoringFiles.all, database: MonitoringFiles.all)
        let result = try prometheus.query(expr)
        Self.report(q.key, expr, result.map { "\(Self.key($0.labels)) \($0.value)" })
        XCTAssertFalse(result.isEmpty, "\(q.key) returned nothing: \(expr)")
        let check = try XCTUnwrap(panelChecks[q.key])
        // The archive panel groups by job and database only, and leaves restores out.
        let perArchive = q.key.hasPrefix("Time since the newest archive")
        var seen: Set<String> = []
        for (key, e) in expected {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if perArchive && parts[2] == "restore" { continue }
            let want = perArchive ? "\(parts[0])/\(parts[1])/" : key
            seen.insert(want)
            let got = result.filter { Self.key($0.labels) == want }
            guard let range = check(e, got.first?.time ?? Date().timeIntervalSince1970) else {
                XCTAssertTrue(got.isEmpty, "\(q.key) \(want): expected no series, got \(got)")
                continue
            }
            XCTAssertEqual(got.count, 1, "\(q.key) \(want): one series in \(result)")
            if let v = got.first?.value { XCTAssertTrue(range.contains(v), "\(q.key) \(want): \(v) not in \(range)") }
        }
        XCTAssertEqual(
            Set(result.map { Self.key($0.labels) }).subtracting(seen), [], "\(q.key): series of no run in \(result)")
    }

    /// With MONITORING_TESTS_REPORT=1, each query and its series on stdout (for reviewers).
    static func report(_ key: String, _ query: String, _ series: [String]) {
        guard ProcessInfo.processInfo.environment["MONITORING_TESTS_REPORT"] == "1" else { return }
        print("query \(key): \(query)\n  " + (series.isEmpty ? "(no series)" : series.sorted().joined(separator: "\n  ")))
    }

    /// With one job selected, the query Grafana sends for the panel's type (a range query for
    /// time series, an instant one for stats): only that job's series, and at least one.
    func checkSelection(_ q: MonitoringFiles.DashboardQuery, job: String) throws {
        let expr = MonitoringFiles.interpolate(q.query, job: job, database: Self.database)
        let jobs: [String]
        if q.panelType == "timeseries" {
            let series = try prometheus.queryRange(expr, start: started)
            XCTAssertFalse(series.isEmpty || series.contains { $0.values.isEmpty }, "\(q.key) job \(job): no points: \(expr)")
            jobs = series.map { $0.labels["job"] ?? "" }
        } else {
            let result = try prometheus.query(expr)
            XCTAssertFalse(result.isEmpty, "\(q.key) job \(job) returned nothing: \(expr)")
            jobs = result.map { $0.labels["job"] ?? "" }
        }
        XCTAssertEqual(Set(jobs), [job], "\(q.key): only the selected job")
    }

    /// A `label_values` variable lists every job (and, for the selected job, its database).
    func checkVariable(_ q: MonitoringFiles.DashboardQuery) throws {
        let (expr, label) = try MonitoringFiles.promQL(forVariable: q.query)
        let all = Set(
            try prometheus.query(MonitoringFiles.interpolate(expr, job: MonitoringFiles.all, database: "")).compactMap {
                $0.labels[label]
            })
        let keys = expected.keys.map { $0.split(separator: "/").map(String.init) }
        switch label {
        case "job":
            XCTAssertEqual(all, Set(keys.map { $0[0] }), q.key)
        case "database":
            XCTAssertEqual(all, Set(keys.map { $0[1] }), q.key)
            let one = try prometheus.query(MonitoringFiles.interpolate(expr, job: "nightly", database: ""))
            XCTAssertEqual(one.compactMap { $0.labels[label] }, [Self.database], "\(q.key) for job nightly")
        default:
            XCTFail("\(q.key): a variable over \(label): add an expectation")
        }
    }
}
