import Foundation
import InfluxDump
import XCTest

/// Job files written for the Python toolkit, run as they are by `run --once` against a real
/// server: the destination gets exactly the databases, window, measurements and field types asked.
final class LegacyJobsTests: XCTestCase {
    var server: TestServer!
    var work: String!
    let t0: Int64 = 1_767_225_600_000_000_000  // 2026-01-01T00:00:00Z
    let hour: Int64 = 3_600_000_000_000

    override func setUpWithError() throws {
        server = try TestServer()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-legacy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work + "/config", withIntermediateDirectories: true)
        try server.execute("CREATE DATABASE src")
        // Ten days, one point an hour: cpu (float, integer, string), mem (integer), disk (integer).
        var lp = ""
        for i in 0..<240 {
            let t = t0 + Int64(i) * hour
            lp += "cpu,host=h\(i % 2) usage=\(Double(i) + 0.25),cores=\(i % 8)i,note=\"n\(i)\" \(t)\n"
            lp += "mem,host=h\(i % 2) used=\(i * 1000)i \(t)\n"
            lp += "disk,host=h\(i % 2) free=\(i)i \(t)\n"
        }
        try server.write("src", Array(lp.utf8))
    }

    override func tearDown() {
        server?.destroy()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    func file(_ name: String, _ body: String) throws {
        try body.write(toFile: work + "/config/" + name, atomically: true, encoding: .utf8)
    }

    func testOneJobPerFileAndProcessFilesRunAsTheyAre() throws {
        try file(
            "copy.yaml",
            """
            source:
              url: \(server.url)
              user: ""
              password: ""
              databases:
                - name: src
                  destination: dst
            destination:
              url: \(server.url)
              user: ""
              password: ""
            mode: range
            start_date: 2026-01-02
            end_date: "2026-01-04T00:00:00Z"
            measurements:
              include: [cpu, mem]
            fields:
              types: [numeric]
            options:
              retries: 2
              retry_delay: 0.5
              timeout: 30
              page_size: 1000
            logging:
              level: INFO
              file: \(work!)/copy.log
            """)
        try file(
            "whole.yaml",
            """
            whole-copy:
              source_server: {url: "\(server.url)", user: "", password: "", database: src}
              destination_server: {url: "\(server.url)", database: src_full}
              backup_config: {mode: full, page_size: 500, timeout: 30, validate_data: true}
              logging: {level: WARNING}
            """)
        try file(
            "never.template.yaml", "source: {url: \"\(server.url)\", databases: [src]}\ndestination: {url: \"\(server.url)\"}\nmode: full\n"
        )
        try file(
            "never.yaml.template",
            "p:\n  source_server: {url: \"\(server.url)\", database: src}\n  destination_server: {url: \"\(server.url)\", database: tmpl}\n"
        )

        let check = try Shell.run(TestServer.executable, ["run", work + "/config", "--validate-only"])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(
            check.stdout.contains(
                "copy.yaml: ok: job copy, range, 1 database(s) to server \(server.url); read in the legacy shape of the Python toolkit (one job per file)"
            ),
            check.stdout)
        XCTAssertTrue(
            check.stdout.contains(
                "whole.yaml: ok: job whole-copy, range, 1 database(s) to server \(server.url); read in the legacy shape of the Python toolkit (process file)"
            ),
            check.stdout)
        XCTAssertFalse(check.stdout.contains("never"), "templates are not jobs")

        let out = try Shell.run(TestServer.executable, ["run", work + "/config", "--once"])
        XCTAssertEqual(out.status, 0, out.stdout + out.stderr)
        XCTAssertTrue(out.stderr.contains("copy.yaml:23:14: options.page_size: ignored:"), out.stderr)
        XCTAssertTrue(out.stderr.contains("whole.yaml:4:42: whole-copy.backup_config.page_size: ignored:"), out.stderr)
        XCTAssertTrue(try String(contentsOfFile: work + "/copy.log", encoding: .utf8).contains("info"), "level INFO writes info lines")

        // copy.yaml: only cpu and mem, only their numeric fields, only 2026-01-02 ≤ t < 2026-01-04.
        let c = try server.client()
        let comparator = DatabaseComparator(source: c, sourceDB: "src", destination: c, destinationDB: "dst")
        func names(_ q: String, _ db: String) throws -> Set<String> {
            Set(SchemaDiscovery.rows(try c.queryValues(q, database: db)).flatMap { $0.values.compactMap(\.stringValue) })
        }
        XCTAssertEqual(try names("SHOW MEASUREMENTS", "dst"), ["cpu", "mem"])
        let window = "WHERE time >= \(t0 + 24 * hour) AND time < \(t0 + 72 * hour)"
        for (m, columns) in [("cpu", "cores, host, usage"), ("mem", "host, used")] {
            let copied = try comparator.rendered(c, "dst", "SELECT * FROM \(m)")
            XCTAssertEqual(copied.count, 48, m)
            XCTAssertEqual(copied, try comparator.rendered(c, "src", "SELECT \(columns) FROM \(m) \(window)"), m)
        }
        // whole.yaml: mode full is the whole database, point for point (and validate_data passed).
        let whole = try DatabaseComparator(source: c, sourceDB: "src", destination: c, destinationDB: "src_full").compare()
        XCTAssertEqual(whole.differences.map(\.what), [])
        XCTAssertEqual(whole.points, 720)
        XCTAssertEqual(try names("SHOW DATABASES", ""), ["src", "dst", "src_full"], "the templates did not run")
    }

    func testConfigConvertPrintsTheGoldenFileAndNoPassword() throws {
        let legacy = TestServer.repositoryRoot + "/Tests/InfluxDumpTests/Jobs/Fixtures/legacy"
        for name in ["telegraf-copy", "plant-sync"] {
            let out = try Shell.run(TestServer.executable, ["config", "convert", legacy + "/\(name).yaml"])
            XCTAssertEqual(out.status, 0, out.stderr)
            let golden = try String(
                contentsOfFile: TestServer.repositoryRoot + "/Tests/InfluxDumpTests/Jobs/Fixtures/converted/\(name).yaml", encoding: .utf8)
            XCTAssertEqual(out.stdout.replacingOccurrences(of: legacy + "/", with: "legacy/"), golden, name)
            XCTAssertTrue(out.stderr.contains("password: a password written in the job file"), out.stderr)
            for secret in ["s3cret-a", "s3cret-b", "pl@nt pass"] {
                XCTAssertFalse(out.stdout.contains(secret) || out.stderr.contains(secret), name)
            }
        }
        let broken = try Shell.run(TestServer.executable, ["config", "convert", legacy + "/broken.yaml"])
        XCTAssertEqual(broken.status, 2)
        XCTAssertEqual(broken.stderr, "influxdump: \(legacy)/broken.yaml:8:12: options.retries: expected an integer, got \"three\"\n")
        XCTAssertEqual(broken.stdout, "")
    }
}
