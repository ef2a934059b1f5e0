import Foundation
import XCTest

/// deploy/grafana/influxdump-influxql.json against the live influxd: every InfluxQL target and
/// variable query over the `influxdump_run` points the runs wrote with --metrics-database and
/// metrics.influx (the stale run was pushed to the Pushgateway only).
extension MonitoringTests {
    /// One series of an InfluxQL answer: its tags and its last row by column name.
    struct InfluxSeries {
        var tags: [String: String]
        var rows: [[String: Double]]
        var last: [String: Double] { rows.last ?? [:] }
    }

    /// What the last row of a group's series must hold (column → range); nil: no series.
    typealias InfluxCheck = (_ e: Expected) -> [String: ClosedRange<Double>]?

    var influxChecks: [String: InfluxCheck] {
        func exactly(_ v: Double) -> ClosedRange<Double> { v...v }
        func nearly(_ v: Double) -> ClosedRange<Double> { (v * (1 - 1e-12))...(v * (1 + 1e-12)) }
        // Times come as epoch milliseconds, as Grafana asks for them.
        let when: InfluxCheck = { e in e.lastSuccess.map { ["time": ($0.lowerBound * 1000 - 1)...($0.upperBound * 1000 + 1)] } }
        return [
            "Last success/A": when,
            "Last run/A": { e in ["last": exactly(e.succeeded ? 1 : 0)] },
            "Failures in the last 24 h/A": { e in ["failures": exactly(Double(e.failures))] },
            "Points per run/A": { e in ["points": exactly(Double(e.points))] },
            "Bytes per run/A": { e in ["line protocol": exactly(Double(e.rawBytes)), "compressed": exactly(Double(e.compressedBytes))] },
            "Duration/A": { e in ["duration_seconds": Double.leastNonzeroMagnitude...e.maxSeconds] },
            // A failed last run is filtered out (compressed_bytes = 0): the good run before it shows.
            "Compression ratio/A": { e in
                // The server divides in its own order of operations: equal to the last bit or two.
                e.compressedBytes > 0 ? ["ratio": nearly(Double(e.rawBytes) / Double(e.compressedBytes))] : [:]
            },
            "Time since the newest archive/A": when,
        ]
    }

    func checkInfluxQLDashboard() throws {
        let queries = MonitoringFiles.queries(try MonitoringFiles.dashboard("influxdump-influxql.json"))
        let panelQueries = queries.filter { $0.datasource == "influxdb" && $0.panelType != "variable" }
        XCTAssertEqual(Set(panelQueries.map(\.key)), Set(influxChecks.keys), "every InfluxQL target has an expectation")
        let groups = expected.filter { !$0.key.hasPrefix("stale/") }
        for q in panelQueries {
            let query = MonitoringFiles.interpolate(q.query, job: MonitoringFiles.all, database: MonitoringFiles.all)
            let result = try influxQuery(query)
            Self.report(q.key, query, result.map { "\(Self.key($0.tags)) \($0.last.filter { $0.key != "time" })" })
            XCTAssertFalse(result.isEmpty, "\(q.key) returned nothing: \(q.query)")
            let check = try XCTUnwrap(influxChecks[q.key])
            // The archive panel groups by job and database only, and leaves restores out.
            let perArchive = q.key.hasPrefix("Time since the newest archive")
            for (key, e) in groups {
                let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                if perArchive && parts[2] == "restore" { continue }
                let want = perArchive ? "\(parts[0])/\(parts[1])/" : key
                let got = result.filter { Self.key($0.tags) == want }
                XCTAssertEqual(got.count, 1, "\(q.key) \(want): one series in \(result.map(\.tags))")
                for (column, range) in check(e) ?? [:] {
                    let v = got.first?.last[column] ?? .nan
                    XCTAssertTrue(range.contains(v), "\(q.key) \(want) \(column): \(v) not in \(range)")
                }
            }
            let one = try influxQuery(MonitoringFiles.interpolate(q.query, job: "broken", database: Self.database))
            XCTAssertEqual(Set(one.map { $0.tags["job"] ?? "" }), ["broken"], "\(q.key): only the selected job")
        }
        for q in queries where q.panelType == "variable" { try checkInfluxVariable(q, groups: Array(groups.keys)) }
    }

    /// `SHOW TAG VALUES … WITH KEY = "job"` lists every job that wrote points; the database
    /// variable, for one job, its database.
    func checkInfluxVariable(_ q: MonitoringFiles.DashboardQuery, groups: [String]) throws {
        let keys = groups.map { $0.split(separator: "/").map(String.init) }
        func values(_ job: String) throws -> Set<String> {
            // SHOW TAG VALUES answers columns key and value, one row per value.
            Set(try influxRows(MonitoringFiles.interpolate(q.query, job: job, database: "")).compactMap { $0["value"] as? String })
        }
        if q.key == "$job" {
            XCTAssertEqual(try values(MonitoringFiles.all), Set(keys.map { $0[0] }), q.key)
        } else if q.key == "$database" {
            XCTAssertEqual(try values(MonitoringFiles.all), Set(keys.map { $0[1] }), q.key)
            XCTAssertEqual(try values("nightly"), [Self.database], "\(q.key) for job nightly")
        } else {
            XCTFail("\(q.key): a variable with no expectation")
        }
    }

    /// `GET /query?db=ops&epoch=ms`: the series of the first statement, numbers by column.
    func influxQuery(_ q: String) throws -> [InfluxSeries] {
        try influxSeries(q).map { s in
            let columns = s["columns"] as? [String] ?? []
            let rows = (s["values"] as? [[Any]] ?? []).map { row in
                Dictionary(uniqueKeysWithValues: zip(columns, row).compactMap { c, v in (v as? NSNumber).map { (c, $0.doubleValue) } })
            }
            return InfluxSeries(tags: s["tags"] as? [String: String] ?? [:], rows: rows)
        }
    }

    /// The rows of the first statement's series as column → value (strings kept).
    func influxRows(_ q: String) throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for s in try influxSeries(q) {
            let columns = s["columns"] as? [String] ?? []
            for row in s["values"] as? [[Any]] ?? [] { rows.append(Dictionary(uniqueKeysWithValues: zip(columns, row).map { ($0, $1) })) }
        }
        return rows
    }

    private func influxSeries(_ q: String) throws -> [[String: Any]] {
        let out = try Shell.run(
            "/usr/bin/env",
            [
                "curl", "-sS", "-G", "--data-urlencode", "q=\(q)", "--data-urlencode", "db=ops", "--data-urlencode", "epoch=ms",
                server.url + "/query",
            ])
        let doc = try JSONSerialization.jsonObject(with: out.stdoutBytes) as? [String: Any]
        let first = (doc?["results"] as? [[String: Any]])?.first ?? [:]
        if let error = first["error"] ?? doc?["error"] { throw TestPrometheus.error("influxql \(q): \(error)") }
        return first["series"] as? [[String: Any]] ?? []
    }
}
