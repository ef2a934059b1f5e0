import Foundation
import InfluxDump
import XCTest

/// What operators and their scripts read: `--json` results (validated against
/// formats/results.schema.json and consistent across commands), progress on stderr only, series
/// counts, and throttling.
final class OperatorOutputTests: SharedServerTestCase {
    static let db = "ops"
    static let second: Int64 = 1_000_000_000
    static let t0: Int64 = 1_767_225_600 * second  // 2026-01-01T00:00:00Z

    override class var workName: String { "ops" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try s.execute("CREATE DATABASE \(db)")
        // 3 hosts × 2 regions of cpu (6 series), 1 series of mem; 4,000 points.
        var lp = ""
        for i in 0..<500 {
            for host in ["a", "b", "c"] {
                for region in ["eu", "us"] {
                    lp += "cpu,host=\(host),region=\(region) usage=\(Double(i) / 3),n=\(i)i \(t0 + Int64(i) * second)\n"
                }
            }
            lp += "mem,host=a used=\(i)i \(t0 + Int64(i) * second)\n"
            lp += "mem,host=a used=\(i + 1)i \(t0 + Int64(i) * second + 1)\n"
        }
        try s.write(db, Array(lp.utf8))
        return []
    }

    /// Runs influxdump with --json; checks the object against the schema and returns it.
    func json(_ args: [String], status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let out = try Shell.run(TestServer.executable, args + ["--json"])
        XCTAssertEqual(out.status, status, out.stderr, file: file, line: line)
        let lines = out.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "exactly one line on stdout: \(out.stdout)", file: file, line: line)
        let path = work + "/result-\(UUID().uuidString).json"
        try out.stdoutBytes.write(to: URL(fileURLWithPath: path))
        let check = try Shell.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                path, TestServer.repositoryRoot + "/formats/results.schema.json",
            ])
        XCTAssertEqual(check.status, 0, "follows formats/results.schema.json: \(check.stderr)", file: file, line: line)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: out.stdoutBytes) as? [String: Any], file: file, line: line)
        XCTAssertEqual(object["exitCode"] as? Int, Int(status), file: file, line: line)
        XCTAssertEqual(object["ok"] as? Bool, status == 0, file: file, line: line)
        return object
    }

    func testEveryCommandPrintsOneConsistentJSONObject() throws {
        let server = try XCTUnwrap(Self.server)
        let archive = work + "/a"
        let dump = try json(["dump", "--host", server.url, "-d", Self.db, "-o", archive, "-q"])
        let d = try XCTUnwrap(dump["result"] as? [String: Any])
        XCTAssertEqual(d["points"] as? Int, 4000)
        XCTAssertEqual(d["databases"] as? [String], [Self.db])

        let verify = try json(["verify", archive])
        let v = try XCTUnwrap(verify["result"] as? [String: Any])
        XCTAssertEqual(v["points"] as? Int, 4000)
        XCTAssertEqual((v["findings"] as? [Any])?.count, 0)
        XCTAssertEqual(v["rawBytes"] as? Int, d["rawBytes"] as? Int)

        let inspect = try json(["inspect", archive, "--segments"])
        let rows = try XCTUnwrap((inspect["result"] as? [String: Any])?["measurements"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["measurement"] as? String }, ["cpu", "mem"])
        XCTAssertEqual(rows.map { $0["series"] as? Int }, [6, 1], "distinct series, counted by the dump")
        XCTAssertEqual(rows.map { $0["points"] as? Int }, [3000, 1000])
        XCTAssertEqual(rows[0]["from"] as? String, "2026-01-01T00:00:00Z")
        XCTAssertEqual(rows[1]["to"] as? String, "2026-01-01T00:08:19.000000001Z")

        let restore = try json(["restore", "--host", server.url, "-i", archive, "-d", "ops_copy", "-q"])
        let r = try XCTUnwrap(restore["result"] as? [String: Any])
        XCTAssertEqual(r["points"] as? Int, 4000)
        XCTAssertEqual(r["bytes"] as? Int, d["rawBytes"] as? Int)

        let dry = try json(["restore", "--host", server.url, "-i", archive, "-d", "ops_dry", "-m", "cpu", "--dry-run", "-q"])
        let plan = try XCTUnwrap((dry["result"] as? [String: Any])?["plan"] as? [String: Any])
        XCTAssertEqual((plan["totals"] as? [String: Any])?["points"] as? Int, 3000, "exactly the cpu points")
        XCTAssertEqual((plan["databases"] as? [[String: Any]])?.first?["action"] as? String, "create")
        XCTAssertEqual((dry["result"] as? [String: Any])?["points"] as? Int, 0, "nothing written")
        let dbs = SchemaDiscovery.rows(try server.client().queryValues("SHOW DATABASES")).flatMap { $0.values.compactMap(\.stringValue) }
        XCTAssertFalse(dbs.contains("ops_dry"), "a dry run creates nothing")

        // A damaged archive: verify fails with its findings in the object.
        let segment = try XCTUnwrap(
            FileManager.default.subpathsOfDirectory(atPath: archive + "/segments").first { $0.hasSuffix(".lp.zst") })
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: archive + "/segments/" + segment))
        try handle.seek(toOffset: 20)
        try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF]))
        try handle.close()
        let bad = try json(["verify", archive], status: 1)
        XCTAssertTrue((bad["error"] as? String)?.hasSuffix("problem(s) in \(archive)") == true, "\(bad)")
        let findings = try XCTUnwrap((bad["result"] as? [String: Any])?["findings"] as? [[String: Any]])
        XCTAssertTrue(
            findings.contains { $0["kind"] as? String == "checksum" && $0["subject"] as? String == "segments/" + segment }, "\(findings)")

        // A failure before any result: result is null, the error is the stderr line.
        let down = try json(["dump", "--host", "http://127.0.0.1:1", "-d", Self.db, "-o", work + "/b", "-q", "--retries", "0"], status: 1)
        XCTAssertTrue(down["result"] is NSNull, "\(down)")
        XCTAssertTrue((down["error"] as? String)?.contains("127.0.0.1:1") == true, "\(down)")
    }

    func testRunOnceJSONListsEveryJob() throws {
        let server = try XCTUnwrap(Self.server)
        try FileManager.default.createDirectory(atPath: work + "/config", withIntermediateDirectories: true)
        try """
        name: good
        source: {url: \(server.url), databases: [\(Self.db)]}
        target: {archive: {path: \(work!)/archives}}
        mode: range
        """.write(toFile: work + "/config/good.yaml", atomically: true, encoding: .utf8)
        try """
        name: unreachable
        source: {url: "http://127.0.0.1:1", databases: [\(Self.db)]}
        target: {archive: {path: \(work!)/archives}}
        mode: range
        options: {retries: 0}
        """.write(toFile: work + "/config/unreachable.yaml", atomically: true, encoding: .utf8)
        let run = try json(["run", work + "/config", "--once", "-q"], status: 1)
        let jobs = try XCTUnwrap((run["result"] as? [String: Any])?["jobs"] as? [[String: Any]])
        XCTAssertEqual(jobs.map { $0["job"] as? String }, ["good", "unreachable"])
        XCTAssertEqual(jobs.map { $0["status"] as? String }, ["ok", "failed"])
        XCTAssertEqual(jobs[0]["points"] as? Int, 4000)
        XCTAssertNotNil(jobs[1]["detail"] as? String)
        XCTAssertEqual(run["error"] as? String, "1 job(s) failed")
    }

    /// `--quiet` keeps the console to warnings even when a job's own log file takes debug lines.
    func testQuietWinsOnTheConsoleNotInTheJobLog() throws {
        let server = try XCTUnwrap(Self.server)
        try FileManager.default.createDirectory(atPath: work + "/config", withIntermediateDirectories: true)
        try """
        name: chatty
        source: {url: \(server.url), databases: [\(Self.db)]}
        target: {archive: {path: \(work!)/archives}}
        mode: range
        logging: {level: debug, file: \(work!)/chatty.log}
        """.write(toFile: work + "/config/chatty.yaml", atomically: true, encoding: .utf8)
        let out = try Shell.run(TestServer.executable, ["run", work + "/config", "--once", "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertFalse(out.stderr.contains(" info "), "no info lines on the console with -q: \(out.stderr)")
        let log = try String(contentsOfFile: work + "/chatty.log", encoding: .utf8)
        XCTAssertTrue(log.contains("dump finished"), "the job's own log keeps its level")
    }

    /// A dump that fails before saving anything leaves nothing behind, so the corrected command
    /// simply runs again; `--resume` never adopts a directory of other files.
    func testAFailedDumpCanSimplyRunAgain() throws {
        let server = try XCTUnwrap(Self.server)
        let fresh = work + "/fresh"
        let wrong = try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", "nope", "-o", fresh, "-q"])
        XCTAssertEqual(wrong.status, 2, wrong.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh), "the directory this dump made is gone")
        let mine = work + "/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        let down = try Shell.run(
            TestServer.executable, ["dump", "--host", "http://127.0.0.1:1", "-d", Self.db, "-o", mine, "-q", "--retries", "0"])
        XCTAssertEqual(down.status, 1, down.stderr)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: mine), [], "an empty folder of the operator's stays, and stays empty")
        let again = try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", mine, "-q"])
        XCTAssertEqual(again.status, 0, again.stderr)

        let other = work + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try "keep me".write(toFile: other + "/notes.txt", atomically: true, encoding: .utf8)
        let adopt = try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", other, "--resume", "-q"])
        XCTAssertEqual(adopt.status, 2, adopt.stderr)
        XCTAssertTrue(adopt.stderr.contains("output directory is not empty"), adopt.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: other), ["notes.txt"])
    }

    /// Progress goes to stderr only: the dump stream on stdout stays valid and restores exactly.
    func testProgressNeverMixesIntoTheDataStream() throws {
        let server = try XCTUnwrap(Self.server)
        let (dump, restore) = try Shell.pipe(
            (
                TestServer.executable,
                ["dump", "--host", server.url, "-d", Self.db, "-o", "-", "--progress", "live", "--max-points-per-second", "2000"]
            ),
            (TestServer.executable, ["restore", "--host", server.url, "-i", "-", "-d", "ops_piped", "--progress", "plain", "-q"]))
        XCTAssertEqual(dump.status, 0, dump.stderr)
        XCTAssertEqual(restore.status, 0, restore.stderr)
        // 4,000 points at 2,000/s (one second of burst): about 1 s, so several live frames.
        XCTAssertTrue(dump.stderr.contains("dump ops:"), dump.stderr)
        XCTAssertTrue(dump.stderr.contains("\u{1B}[1F\u{1B}[J"), "live frames redraw in place: \(dump.stderr)")
        XCTAssertFalse(restore.stderr.contains("progress"), "--quiet turns progress off")
        let rows = SchemaDiscovery.rows(
            try server.client().queryValues("SELECT count(*) FROM \"ops_piped\"..\"cpu\"", database: "ops_piped"))
        XCTAssertEqual(rows.first.flatMap { zip($0.columns, $0.values).first { $0.0 == "count_n" }?.1.intValue }, 3000)
    }

    func testThrottleHoldsTheRate() throws {
        let server = try XCTUnwrap(Self.server)
        let started = Date()
        let out = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", server.url, "-i", try dumped(), "-d", "ops_slow",
                "--max-points-per-second", "1000", "--batch-size", "500", "-q",
            ])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(out.stderr, "", "-q: no summary line either")
        // 4,000 points at 1,000/s with one second of credit: at least 3 s.
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 2.9)
    }

    func dumped() throws -> String {
        let server = try XCTUnwrap(Self.server)
        let archive = work + "/t"
        let out = try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", archive, "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        return archive
    }
}
