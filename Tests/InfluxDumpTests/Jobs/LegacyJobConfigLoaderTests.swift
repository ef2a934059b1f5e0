import Foundation
import XCTest

@testable import Jobs
@testable import Support

/// Job files of the Python toolkit, read as they are (Fixtures/legacy/), and upper-case levels.
final class LegacyJobConfigLoaderTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let legacy = fixtures + "/legacy"
    private var dir: TempDirectory!

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir?.remove(); dir = nil }

    private func load(_ name: String) throws -> JobConfig {
        try JobConfigLoader.load(file: Self.legacy + "/" + name, environment: [:])
    }

    private func loadError(_ text: String) throws -> String {
        let path = dir.file("x.yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try JobConfigLoader.load(file: path, environment: [:])
            return "(loaded without error)"
        } catch {
            return error.description.replacingOccurrences(of: dir.path + "/", with: "")
        }
    }

    private func warnings(_ job: JobConfig) -> [String] {
        job.warnings.map { $0.replacingOccurrences(of: Self.legacy + "/", with: "") }
    }

    func testTheFolderIsDiscoveredWithoutEitherKindOfTemplate() throws {
        let names = try JobConfigLoader.discover(Self.legacy).map { ($0 as NSString).lastPathComponent }
        XCTAssertEqual(names, ["broken.yaml", "hourly-incremental.yaml", "plant-sync.yaml", "telegraf-copy.yaml"])
    }

    func testTheBrokenFileIsLocatedLikeANativeOne() throws {
        XCTAssertThrowsError(try load("broken.yaml")) { error in
            XCTAssertEqual("\(error)", Self.legacy + "/broken.yaml:8:12: options.retries: expected an integer, got \"three\"")
        }
    }

    func testOneJobPerFileMapsEveryKey() throws {
        let job = try load("telegraf-copy.yaml")
        XCTAssertEqual(job.legacyShape, .perJob)
        XCTAssertEqual(job.name, "telegraf-copy")
        XCTAssertEqual(job.source.url, "http://influx-a.example.com:8086")
        XCTAssertEqual(job.source.username, "reader")
        XCTAssertEqual(job.source.password, .literal("s3cret-a"))
        XCTAssertEqual(job.databases, [.init(name: "telegraf", destination: "telegraf_copy"), .init(name: "app", destination: "app")])
        guard case .server(let destination) = job.target else { return XCTFail("destination is a server target") }
        XCTAssertEqual(destination.url, "http://influx-b.example.com:8086")
        XCTAssertEqual(destination.username, "writer")
        XCTAssertEqual(destination.password, .literal("s3cret-b"))
        guard case .range(let start, let end) = job.mode else { return XCTFail("mode range") }
        XCTAssertEqual(start, Timestamp.parse("2026-01-01T00:00:00Z"))
        XCTAssertEqual(end, Timestamp.parse("2026-01-08T00:00:00Z"))
        XCTAssertEqual(job.measurements.include.map(\.text), ["cpu", "mem"])
        XCTAssertEqual(job.measurements.exclude.map(\.text), ["/^_/"])
        XCTAssertEqual(job.fields.names.include.map(\.text), ["usage", "/^used/"])
        XCTAssertEqual(job.fields.types, [.float, .integer], "numeric")
        XCTAssertEqual(job.options.retries, 3)
        XCTAssertEqual(job.options.retryDelay, 2.5)
        XCTAssertEqual(job.options.timeout, 60)
        XCTAssertFalse(job.options.validate)
        XCTAssertEqual(job.logging.level, "debug", "DEBUG")
        XCTAssertEqual(job.logging.file, "/var/log/influx-backup/telegraf-copy.log")
        XCTAssertEqual(job.logging.rotation, .daily)
        XCTAssertEqual(job.logging.keep, 10)
        XCTAssertNil(job.logging.lokiURL, "loki.enabled: false")
        XCTAssertEqual(
            warnings(job),
            [
                "telegraf-copy.yaml:5:13: source.password: a password written in the job file; prefer password_env or password_file",
                "telegraf-copy.yaml:13:13: destination.password: a password written in the job file; prefer password_env or password_file",
                "telegraf-copy.yaml:27:14: options.page_size: ignored: \(LegacyJobConfigLoader.pageSizeReason)",
                "telegraf-copy.yaml:29:15: options.incremental.schedule: ignored: only for mode: incremental",
                "telegraf-copy.yaml:30:20: options.incremental.fallback_days: ignored: only for mode: incremental",
                "telegraf-copy.yaml:34:11: logging.format: ignored: influxdump's log lines have one fixed format",
            ])
    }

    func testIncrementalWithScheduleEmptyCredentialsAndLoki() throws {
        let job = try load("hourly-incremental.yaml")
        XCTAssertEqual(job.legacyShape, .perJob)
        XCTAssertNil(job.source.username, "an empty user is no user")
        XCTAssertEqual(job.source.password, .none, "an empty password is no password")
        guard case .incremental(let schedule, _, let fallbackDays, let lookback) = job.mode else { return XCTFail("mode incremental") }
        XCTAssertEqual(schedule?.text, "0 * * * *")
        XCTAssertEqual(fallbackDays, 3)
        XCTAssertEqual(lookback, 0)
        XCTAssertTrue(job.isScheduled)
        XCTAssertTrue(job.options.validate)
        XCTAssertEqual(job.logging.level, "warning", "WARNING")
        XCTAssertEqual(job.logging.lokiURL, "http://loki:3100")
        XCTAssertEqual(job.logging.lokiLabels, ["env": "prod"])
        XCTAssertEqual(job.warnings, [])
    }

    func testProcessFileMapsEveryKey() throws {
        let job = try load("plant-sync.yaml")
        XCTAssertEqual(job.legacyShape, .process)
        XCTAssertEqual(job.name, "plant-sync", "the process name")
        XCTAssertEqual(job.source.url, "http://10.0.0.5:8086")
        XCTAssertEqual(job.source.username, "admin")
        XCTAssertEqual(job.source.password, .literal("pl@nt pass"))
        XCTAssertEqual(job.databases, [.init(name: "plant", destination: "plant_archive")])
        guard case .server(let destination) = job.target else { return XCTFail("destination_server is a server target") }
        XCTAssertEqual(destination.url, "http://10.0.0.9:8086")
        guard case .range(nil, nil) = job.mode else { return XCTFail("mode FULL: the whole database, once") }
        XCTAssertEqual(job.options.timeout, 120)
        XCTAssertTrue(job.options.validate, "validate_data")
        XCTAssertEqual(job.logging.level, "info", "Info")
        XCTAssertEqual(job.logging.file, "/var/log/influx-backup/plant-sync.log")
        XCTAssertEqual(
            warnings(job),
            [
                "plant-sync.yaml:6:15: plant-sync.source_server.password: a password written in the job file; prefer password_env or password_file",
                "plant-sync.yaml:11:15: plant-sync.destination_server.password: a password written in the job file; prefer password_env or password_file",
                "plant-sync.yaml:15:16: plant-sync.backup_config.page_size: ignored: \(LegacyJobConfigLoader.pageSizeReason)",
                "plant-sync.yaml:18:17: plant-sync.backup_config.chunk_days: ignored: influxdump has no such setting",
            ])
    }

    func testProcessFileDefaults() throws {
        let path = dir.file("p.yaml")
        try Data(
            """
            sync:
              source_server: {url: "http://a:8086", user: "", password: "", database: db}
              destination_server: {url: "http://b:8086"}
              backup_config: {mode: Incremental, fallback_days: 0}
              logging: {level: CRITICAL}
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        let job = try JobConfigLoader.load(file: path, environment: [:])
        XCTAssertEqual(job.databases, [.init(name: "db", destination: "db")])
        guard case .incremental(nil, _, 0, 0) = job.mode else { return XCTFail("incremental, once, from the beginning: \(job.mode)") }
        XCTAssertFalse(job.options.validate)
        XCTAssertEqual(job.logging.level, "critical")
        XCTAssertEqual(job.warnings, [])
    }

    func testLegacyErrors() throws {
        let a = "source:\n  url: http://a:8086\n  databases: [db]\ndestination:\n  url: http://b:8086\n"
        let table: [(String, String)] = [
            (a + "mode: sometimes\n", #"x.yaml:6:7: mode: expected range, incremental or full, got "sometimes""#),
            (
                a + "mode: range\nstart_date: yesterday\n",
                #"x.yaml:7:13: start_date: expected a date (2026-01-01), an RFC3339 time (2026-01-01T00:00:00Z) or integer nanoseconds, got "yesterday""#
            ),
            (a + "mode: range\nstart_date: 2026-02-01\nend_date: 2026-01-01\n", "x.yaml:8:11: end_date: must be after start_date"),
            (
                a + "mode: incremental\noptions:\n  incremental:\n    schedule: \"0 25 * * *\"\n",
                #"x.yaml:9:15: options.incremental.schedule: hour "25" is not in 0-23"#
            ),
            (
                a + "mode: range\nfields:\n  types: [decimal]\n",
                #"x.yaml:8:11: fields.types[0]: expected float, integer, string or boolean (or numeric), got "decimal""#
            ),
            (
                a + "mode: range\nlogging:\n  level: LOUD\n",
                #"x.yaml:8:10: logging.level: expected trace, debug, info, notice, warning, error or critical, got "LOUD""#
            ),
            (
                a + "mode: range\nlogging:\n  file: /tmp/x.log\n  rotation: {when: W0}\n",
                #"x.yaml:9:20: logging.rotation.when: expected daily or midnight (influxdump rotates daily or by size), got "w0""#
            ),
            (a + "mode: range\nlogging:\n  loki: {enabled: true}\n", "x.yaml:8:9: logging.loki.url: missing"),
            (
                "source:\n  url: http://a:8086\n  user: u\n  username: u\n  databases: [db]\ndestination: {url: \"http://b:8086\"}\n",
                "x.yaml:4:13: source.username: give only one of user, username"
            ),
            (
                "source:\n  url: http://a:8086\n  databases: [db]\nstart_date: 2026-01-01\n",
                "x.yaml:1:1: destination: missing (the server to copy into: destination: {url: …})"
            ),
            ("source:\n  url: http://a:8086\n  databases: [db]\ndestination:\n  user: u\n", "x.yaml:5:3: destination.url: missing"),
            (
                "p:\n  source_server: {url: \"http://a:8086\"}\n  destination_server: {url: \"http://b:8086\"}\n",
                "x.yaml:2:18: p.source_server.database: missing"
            ),
            ("p:\n  source_server: {url: \"http://a:8086\", database: d}\n", "x.yaml:2:3: p.destination_server: missing"),
            (
                "p:\n  source_server: {url: \"http://a:8086\", database: d}\n  destination_server: {url: \"http://b:8086\"}\n  backup_config: {mode: range}\n",
                #"x.yaml:4:25: p.backup_config.mode: expected full or incremental, got "range""#
            ),
            (
                "\"my job\":\n  source_server: {url: \"http://a:8086\", database: d}\n  destination_server: {url: \"http://b:8086\"}\n",
                #"x.yaml:1:1: my job: use letters, digits, '.', '_' and '-', starting with a letter or digit (it names the job's archive folder), got "my job""#
            ),
            (
                "p:\n  source_server: {url: \"localhost:8086\", database: d}\n  destination_server: {url: \"http://b:8086\"}\n",
                "x.yaml:2:24: p.source_server.url: host localhost:8086: expected a URL starting with http:// or https://"
            ),
            (
                "p:\n  source_server:\n    url: http://a:8086\n    database: d\n  destination_server: {url: \"http://b:8086\"\n",
                "x.yaml:6:1: invalid YAML: did not find expected ',' or '}'"
            ),
        ]
        for (yaml, expected) in table {
            XCTAssertEqual(try loadError(yaml), expected, yaml)
        }
    }

    func testUnknownKeysAreWarningsWithAHint() throws {
        let path = dir.file("w.yaml")
        try Data(
            "source:\n  url: http://a:8086\n  databases: [db]\n  verify_ssl: false\ndestination:\n  url: http://b:8086\nmode: full\nmesurements:\n  include: [cpu]\n"
                .utf8
        ).write(to: URL(fileURLWithPath: path))
        let job = try JobConfigLoader.load(file: path, environment: [:])
        XCTAssertEqual(
            job.warnings.map { $0.replacingOccurrences(of: dir.path + "/", with: "") },
            [
                "w.yaml:4:15: source.verify_ssl: ignored: influxdump has no such setting",
                #"w.yaml:9:3: mesurements: ignored: influxdump has no such setting; did you mean "measurements"?"#,
            ])
        XCTAssertTrue(job.measurements.isEmpty)
    }

    func testNativeFilesAreNotLegacyAndTheirLevelsIgnoreCase() throws {
        let base = "source:\n  url: http://a:8086\n  databases: [db]\ntarget:\n  archive: {path: /b}\nmode: range\nlogging:\n  level: "
        for (given, level) in [
            ("INFO", "info"), ("Debug", "debug"), ("WARN", "warning"), ("WARNING", "warning"), ("ERROR", "error"),
            ("CRITICAL", "critical"), ("trace", "trace"),
        ] {
            let path = dir.file("n.yaml")
            try Data((base + given + "\n").utf8).write(to: URL(fileURLWithPath: path))
            let job = try JobConfigLoader.load(file: path, environment: [:])
            XCTAssertEqual(job.logging.level, level, given)
            XCTAssertNil(job.legacyShape)
        }
        XCTAssertEqual(LogLevelName.parse("Warn"), .warning)
        XCTAssertNil(LogLevelName.parse("loud"))
    }

    func testTemplatesOfEitherSpellingAreNotJobs() throws {
        for name in ["a.yaml", "b.template.yaml", "c.yaml.template", "d.yml.template", "e.template.yml"] {
            try Data("x: 1\n".utf8).write(to: URL(fileURLWithPath: dir.file(name)))
        }
        XCTAssertEqual(try JobConfigLoader.discover(dir.path), [dir.file("a.yaml")])
    }
}
