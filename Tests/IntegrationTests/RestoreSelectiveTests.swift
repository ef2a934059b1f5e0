import Foundation
import InfluxDump
import XCTest

/// Selective restore against a real server: names or /regex/ for databases, RPs and
/// measurements (dump too), and `--source-database` with `--database`.
final class RestoreSelectiveTests: SharedServerTestCase {
    nonisolated(unsafe) static var archive: String?

    override class func prepare(_ s: TestServer) throws -> [String] {
        for db in ["alpha", "beta"] {
            try s.execute("CREATE DATABASE \(db)")
            try s.execute("CREATE RETENTION POLICY weekly ON \(db) DURATION INF REPLICATION 1 SHARD DURATION 7d")
            try s.write(db, Array("cpu,h=a v=1 1\ncpu,h=a v=2 2\ncpu2 v=1i 1\ndisk v=1 1\n".utf8))
            try s.write(db, rp: "weekly", Array("cpu v=3 3\n".utf8))
        }
        archive = try s.dump(["-d", "alpha", "-d", "beta"], prefix: "influxdump-sel")
        return [archive!]
    }

    func fixture() throws -> (TestServer, String) {
        if let e = Self.setupError { throw e }
        return (try XCTUnwrap(Self.server), try XCTUnwrap(Self.archive))
    }

    func restore(_ args: [String]) throws -> Shell.Output {
        let (server, archive) = try fixture()
        return try Shell.run(TestServer.executable, ["restore", "--host", server.url, "-i", archive, "-q"] + args)
    }

    func databases(_ server: TestServer) throws -> [String] {
        try SchemaDiscovery(client: server.client()).databases()
    }

    /// rp → measurement → point count.
    func contents(_ server: TestServer, _ db: String) throws -> [String: [String: Int64]] {
        var out: [String: [String: Int64]] = [:]
        let discovery = SchemaDiscovery(client: try server.client())
        for (rp, _) in try discovery.retentionPolicies(database: db) {
            for m in ["cpu", "cpu2", "disk"] {
                let rows = SchemaDiscovery.rows(
                    try server.client().queryValues(
                        "SELECT count(*) FROM \(InfluxQL.source(database: db, retentionPolicy: rp, measurement: m))", database: db))
                if let row = rows.first,
                    let n = zip(row.columns, row.values).filter({ $0.0 != "time" }).compactMap({ $0.1.intValue }).max(), n > 0
                {
                    out[rp, default: [:]][m] = n
                }
            }
        }
        return out
    }

    func testRegexFiltersForMeasurementAndRetentionPolicy() throws {
        let (server, _) = try fixture()
        let out = try restore(["--source-database", "alpha", "-d", "regexed", "-m", "/^cpu/", "--retention", "/^auto/"])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try contents(server, "regexed"), ["autogen": ["cpu": 2, "cpu2": 1]])
    }

    func testSourceDatabaseWithDatabaseRestoresOnlyTheSelectedOne() throws {
        let (server, _) = try fixture()
        let out = try restore(["--source-database", "/^be/", "-d", "beta_copy"])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try contents(server, "beta_copy"), ["autogen": ["cpu": 2, "cpu2": 1, "disk": 1], "weekly": ["cpu": 1]])
        XCTAssertFalse(try databases(server).contains("alpha_copy"))
    }

    func testSourceDatabaseFilterLeavesOtherDatabasesUncreated() throws {
        let (server, _) = try fixture()
        let out = try restore(["--source-database", "alpha", "--database-map", "alpha=only_alpha", "--database-map", "beta=never_beta"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let dbs = try databases(server)
        XCTAssertTrue(dbs.contains("only_alpha"))
        XCTAssertFalse(dbs.contains("never_beta"), "a database not selected must not be created")
    }

    func testDatabaseWithSeveralSelectedIsAUsageError() throws {
        let out = try restore(["-d", "x"])
        XCTAssertEqual(out.status, 2)
        XCTAssertEqual(
            out.stderr,
            "influxdump: --database names one target but 2 archived databases are selected (alpha, beta); pick one with --source-database or use --database-map SRC=DST\n"
        )
        let none = try restore(["--source-database", "/^gamma/", "-d", "x"])
        XCTAssertEqual(none.status, 2)
        XCTAssertEqual(none.stderr, "influxdump: --source-database /^gamma/ selects none of the archived databases (alpha, beta)\n")
    }

    func testDumpTakesRegexesForMeasurementAndRetentionPolicy() throws {
        let (server, _) = try fixture()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-sel-dump-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try Shell.run(
            TestServer.executable,
            ["dump", "--host", server.url, "-d", "alpha", "-m", "/^cpu/", "-m", "disk", "--retention", "/eek/", "-o", dir, "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let manifest = try StoredArchiveReader.loadManifest(root: dir)
        XCTAssertEqual(manifest.databases.flatMap { $0.retentionPolicies.map(\.name) }, ["weekly"])
        XCTAssertEqual(Set(manifest.segments.map { "\($0.retentionPolicy)/\($0.measurement)" }), ["weekly/cpu"])
        XCTAssertEqual(manifest.parameters.measurements, ["/^cpu/", "disk"])
        XCTAssertEqual(manifest.totalPoints, 1)
    }

    /// The destination is read with SHOW statements only (seen through a recording proxy) and
    /// is the same afterwards; the report names what would be created and written, points older
    /// than the destination RP's retention, and a field-type conflict.
    func testDryRunReportsAndLeavesTheDestinationUntouched() throws {
        let (server, archive) = try fixture()
        // "dest" exists: its RP weekly keeps 1 h (archived: forever), its autogen cpu.v is an integer (archived: float).
        try server.execute("CREATE DATABASE dest")
        try server.execute("CREATE RETENTION POLICY weekly ON dest DURATION 1h REPLICATION 1 SHARD DURATION 1h")
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        try server.write("dest", Array("cpu,h=z v=7i \(now)\n".utf8))
        let before = try snapshot(server)
        let journalsBefore = try journals(archive)
        let proxy = try FaultProxy(upstreamPort: server.port) { _, _, _ in .pass }
        defer { proxy.stop() }
        let out = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", proxy.url, "-i", archive, "--database-map", "alpha=dest",
                "--database-map", "beta=dry_new", "--dry-run", "-q",
            ])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try snapshot(server), before, "the destination is unchanged")
        XCTAssertEqual(try journals(archive), journalsBefore, "no journal was opened")
        var queries: [String] = []
        for request in proxy.seen {
            let q =
                request.body.split(separator: "&").first { $0.hasPrefix("q=") }.map {
                    String($0.dropFirst(2)).removingPercentEncoding ?? ""
                } ?? ""
            XCTAssertTrue(
                request.path.hasPrefix("/ping") || (request.path.hasPrefix("/query") && q.hasPrefix("SHOW ")), "\(request.path) \(q)")
            queries.append(q)
        }
        XCTAssertTrue(queries.contains { $0.hasPrefix("SHOW FIELD KEYS ON \"dest\"") }, "field keys were read: \(queries)")
        let text = out.stdout
        for expected in [
            "database alpha -> dest: exists",
            "  retention policy weekly: WARNING exists with other settings (duration 1h, shard duration 1h) than archived (duration INF, shard duration 1w): left as is",
            "database beta -> dry_new: would be created",
            "  retention policy weekly: would be created (duration INF, shard duration 1w)",
            "  would run: CREATE DATABASE \"dry_new\"",
            "would write 10 point(s) from 8 segment(s)",
            "warning: dest/weekly/cpu: 1 point(s) in 1 segment(s) are older than the retention policy's duration 1h",
            "warning: dest/autogen/cpu: field v is float in the archive but integer on the destination: points of 1 segment(s) (2 point(s)) may be refused as a field type conflict",
            "dry run finished with 3 warning(s)",
        ] {
            XCTAssertTrue(text.contains(expected), "missing: \(expected)\n\(text)")
        }
        XCTAssertTrue(text.range(of: #"autogen +cpu2 +1 +1 "#, options: .regularExpression) != nil, text)
    }

    func testDryRunCountsExactlyWhenTheTimeFilterCutsASegment() throws {
        let (server, archive) = try fixture()
        let out = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", server.url, "-i", archive, "--source-database", "alpha", "-d", "cut",
                "-m", "cpu", "--retention", "autogen", "--start", "2", "--dry-run",
            ])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(out.stdout.contains("would write 1 point(s) from 1 segment(s)"), out.stdout)
        XCTAssertFalse(try databases(server).contains("cut"))
    }

    func journals(_ archive: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: (archive as NSString).deletingLastPathComponent)
            .filter { $0.hasPrefix("." + (archive as NSString).lastPathComponent + ".restore-") }.sorted()
    }

    /// SHOW DATABASES, and per database its RPs and point counts.
    func snapshot(_ server: TestServer) throws -> [String] {
        var out: [String] = []
        let discovery = SchemaDiscovery(client: try server.client())
        for db in try discovery.databases().sorted() {
            out.append("db \(db)")
            for (rp, s) in try discovery.retentionPolicies(database: db) { out.append("  rp \(rp) \(s)") }
            if db != "_internal" {
                out += try contents(server, db).flatMap { rp, ms in ms.map { "  \(rp)/\($0.key): \($0.value)" } }.sorted()
            }
        }
        return out
    }
}
