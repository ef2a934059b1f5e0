import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Jobs

final class JobConfigLoaderTests: XCTestCase {
    private var dir: TempDirectory!

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir?.remove(); dir = nil }

    /// Writes `text` as `name` in the temp dir and returns its path.
    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let path = dir.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The description of the error loading `text` throws, or a note that it loaded.
    private func loadError(_ text: String, environment: [String: String] = [:]) throws -> String {
        let path = try write("x.yaml", text)
        do {
            _ = try JobConfigLoader.load(file: path, environment: environment)
            return "(loaded without error)"
        } catch {
            return error.description
        }
    }

    // Lines 1-7 of most error cases: a valid range job.
    private static let rangeBase = """
        source:
          url: http://localhost:8086
          databases: [telegraf]
        target:
          archive:
            path: /backups
        mode: range

        """
    private static let incrementalBase = rangeBase.replacingOccurrences(of: "mode: range", with: "mode: incremental")

    // MARK: errors

    func testErrorTable() throws {
        let r = Self.rangeBase, i = Self.incrementalBase
        let allTop =
            "name, source, target, mode, start, end, schedule, timezone, fallback_days, lookback, options, measurements, fields, logging, metrics"
        // (yaml, expected description with the file written as x.yaml)
        let table: [(String, String)] = [
            // Keys.
            (i + "shedule: \"0 3 * * *\"\n", #"x.yaml:8:1: shedule: unknown key; did you mean "schedule"?"#),
            (r + "xyzzy_frobnicate: 1\n", "x.yaml:8:1: xyzzy_frobnicate: unknown key; expected one of \(allTop)"),
            (r + "options:\n  retrys: 3\n", #"x.yaml:9:3: options.retrys: unknown key; did you mean "retries"?"#),
            ("- a\n- b\n", "x.yaml:1:1: expected a mapping (key: value lines), got a list"),
            (
                "name: \"my job\"\n" + r,
                #"x.yaml:1:7: name: use letters, digits, '.', '_' and '-', starting with a letter or digit (it names the job's archive folder), got "my job""#
            ),
            (
                "name: \"..\"\n" + r,
                #"x.yaml:1:7: name: use letters, digits, '.', '_' and '-', starting with a letter or digit (it names the job's archive folder), got "..""#
            ),
            (
                r + "logging:\n  file: /tmp/x.log\n  rotate:\n    size: 99999999999GiB\n",
                #"x.yaml:11:11: logging.rotate.size: expected a size such as 10MiB or 500KB, got "99999999999GiB""#
            ),
            // Source.
            ("target:\n  archive:\n    path: /backups\nmode: range\n", "x.yaml:1:1: source: missing"),
            ("source:\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\nmode: range\n", "x.yaml:2:3: source.url: missing"),
            (
                "source:\n  url: localhost:8086\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:2:8: source.url: host localhost:8086: expected a URL starting with http:// or https://"
            ),
            (
                "source:\n  url: http://localhost:8086\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:2:3: source.databases: missing"
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: []\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:3:14: source.databases: list at least one database"
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases:\n    - {destination: x}\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:4:7: source.databases[0].name: missing"
            ),
            // Passwords.
            (
                "source:\n  url: http://localhost:8086\n  username: backup\n  password_env: INFLUX_PW\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:4:17: source.password_env: environment variable INFLUX_PW is not set"
            ),
            (
                "source:\n  url: http://localhost:8086\n  username: backup\n  password_env: PW_SET\n  password: secret\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:5:13: source.password: give only one of password_env, password_file, password"
            ),
            (
                "source:\n  url: http://localhost:8086\n  password_env: PW_SET\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:2:3: source.username: a password needs a username"
            ),
            (
                "source:\n  url: http://localhost:8086\n  username: u\n  password_file: /nonexistent/pw\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\nmode: range\n",
                "x.yaml:4:18: source.password_file: file /nonexistent/pw not found or not readable"
            ),
            // Target.
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /backups\n  server:\n    url: http://other:8086\nmode: range\n",
                "x.yaml:5:3: target: give either archive or server, not both"
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget: {}\nmode: range\n",
                "x.yaml:4:9: target: expected archive: {path: …} or server: {url: …}"
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget:\n  archive:\n    keep_last: 3\nmode: range\n",
                "x.yaml:6:5: target.archive.path: missing"
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\n    keep_last: 0\nmode: range\n",
                "x.yaml:7:16: target.archive.keep_last: expected 1 to 100000, got 0"
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget:\n  archive:\n    path: /b\n    keep_within: soon\nmode: range\n",
                "x.yaml:7:18: target.archive.keep_within: expected a duration such as 30s, 6h or 7d, got \"soon\""
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget:\n  archive: {path: /b, full_every: 7d}\nmode: range\n",
                "x.yaml:5:35: target.archive.full_every: only for mode: incremental"
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget:\n  archive: {path: /b}\nmode: range\noptions:\n  max_bytes_per_second: fast\n",
                "x.yaml:8:25: options.max_bytes_per_second: expected a size such as 20MiB or 5000000, got \"fast\""
            ),
            (
                "source:\n  url: http://localhost:8086\n  databases: [telegraf]\ntarget:\n  server:\n    url: ftp://x\nmode: range\n",
                "x.yaml:6:10: target.server.url: host ftp://x: expected a URL starting with http:// or https://"
            ),
            // Mode.
            (
                r.replacingOccurrences(of: "mode: range", with: "mode: full"),
                #"x.yaml:7:7: mode: expected range or incremental, got "full""#
            ),
            (r.replacingOccurrences(of: "mode: range\n", with: ""), "x.yaml:1:1: mode: missing"),
            (i + "start: 2026-01-01T00:00:00Z\n", "x.yaml:8:8: start: only for mode: range"),
            (r + "schedule: \"0 3 * * *\"\n", "x.yaml:8:11: schedule: only for mode: incremental"),
            (r + "lookback: 1h\n", "x.yaml:8:11: lookback: only for mode: incremental"),
            (r + "start: 2026-02-01T00:00:00Z\nend: 2026-01-01T00:00:00Z\n", "x.yaml:9:6: end: must be after start"),
            (
                r + "start: yesterday\n",
                #"x.yaml:8:8: start: expected an RFC3339 time (2026-11-21T00:00:00Z) or integer nanoseconds, got "yesterday""#
            ),
            (
                i + "schedule: \"0 3 * *\"\n",
                #"x.yaml:8:11: schedule: expected 5 fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly/@yearly, got "0 3 * *""#
            ),
            (i + "schedule: \"0 25 * * *\"\n", #"x.yaml:8:11: schedule: hour "25" is not in 0-23"#),
            (
                i + "timezone: Mars/Olympus\n",
                #"x.yaml:8:11: timezone: unknown time zone "Mars/Olympus" (use a name like UTC or Europe/Paris)"#
            ),
            (i + "lookback: 3x\n", #"x.yaml:8:11: lookback: expected a duration such as 30s, 6h or 7d, got "3x""#),
            (i + "fallback_days: -1\n", "x.yaml:8:16: fallback_days: expected 0 to 36500, got -1"),
            // Options.
            (r + "options:\n  retries: three\n", #"x.yaml:9:12: options.retries: expected an integer, got "three""#),
            (r + "options:\n  jobs: 0\n", "x.yaml:9:9: options.jobs: expected 1 to 64, got 0"),
            (r + "options:\n  compression_level: 25\n", "x.yaml:9:22: options.compression_level: expected 1 to 19, got 25"),
            (r + "options:\n  query_shape: fast\n", #"x.yaml:9:16: options.query_shape: expected auto or series, got "fast""#),
            (r + "options:\n  chunk: soon\n", #"x.yaml:9:10: options.chunk: expected a duration such as 30s, 6h or 7d, got "soon""#),
            (r + "options:\n  validate: maybe\n", #"x.yaml:9:13: options.validate: expected true or false, got "maybe""#),
            (r + "options: 3\n", #"x.yaml:8:10: options: expected a mapping (key: value lines), got "3""#),
            // Filters.
            (
                r + "fields:\n  types: [float, decimal]\n",
                #"x.yaml:9:18: fields.types[1]: expected float, integer, string or boolean, got "decimal""#
            ),
            (
                r + "measurements:\n  include:\n    - cpu\n    - \"/[/\"\n",
                "x.yaml:11:7: measurements.include[1]: invalid regular expression /[/"
            ),
            (r + "measurements:\n  include: cpu\n", #"x.yaml:9:12: measurements.include: expected a list, got "cpu""#),
            // Logging.
            (r + "logging:\n  rotate:\n    daily: true\n", "x.yaml:10:5: logging.rotate: rotation needs logging.file"),
            (
                r + "logging:\n  file: /var/log/x.log\n  rotate:\n    daily: true\n    size: 10MiB\n",
                "x.yaml:11:5: logging.rotate: give either daily or size, not both"
            ),
            (
                r + "logging:\n  file: /var/log/x.log\n  rotate:\n    keep: 3\n",
                "x.yaml:11:5: logging.rotate: expected daily: true or size: 10MiB"
            ),
            (
                r + "logging:\n  file: /var/log/x.log\n  rotate:\n    size: ten\n",
                #"x.yaml:11:11: logging.rotate.size: expected a size such as 10MiB or 500KB, got "ten""#
            ),
            (
                r + "logging:\n  file: /var/log/x.log\n  rotate: weekly\n",
                "x.yaml:10:11: logging.rotate: expected daily, or a mapping {daily: true | size: 10MiB, keep: N}"
            ),
            (r + "logging:\n  rotate: daily\n", "x.yaml:9:11: logging.rotate: rotation needs logging.file"),
            (r + "logging:\n  file: /var/log/x.log\n  keep: 0\n", "x.yaml:10:9: logging.keep: expected 1 to 1000, got 0"),
            (r + "options:\n  timeout: 0\n", #"x.yaml:9:12: options.timeout: expected a duration such as 30s, 6h or 7d, got "0""#),
            (
                r + "logging:\n  level: loud\n",
                #"x.yaml:9:10: logging.level: expected trace, debug, info, notice, warning, error or critical, got "loud""#
            ),
            (r + "logging:\n  loki:\n    labels: {a: b}\n", "x.yaml:10:5: logging.loki.url: missing"),
            // YAML itself.
            ("source:\n\turl: http://localhost:8086\n", "x.yaml:2:1: invalid YAML: found character that cannot start any token"),
            ("mode: range\n  target: x\n", "x.yaml:2:9: invalid YAML: mapping values are not allowed in this context"),
            ("", "x.yaml:1:1: empty job file"),
            ("# only a comment\n", "x.yaml:1:1: empty job file"),
        ]
        XCTAssertGreaterThanOrEqual(table.count, 20)
        let prefix = dir.path + "/"
        for (yaml, expected) in table {
            XCTAssertEqual(try loadError(yaml, environment: ["PW_SET": "s3cret"]), prefix + expected, yaml)
        }
    }

    func testMetricsErrors() throws {
        let r = Self.rangeBase
        let table: [(String, String)] = [
            (r + "metrics:\n  pushgatway: http://pg:9091\n", #"x.yaml:9:3: metrics.pushgatway: unknown key; did you mean "pushgateway"?"#),
            (
                r + "metrics:\n  pushgateway: pg:9091\n",
                "x.yaml:9:16: metrics.pushgateway: host pg:9091: expected a URL starting with http:// or https://"
            ),
            (r + "metrics:\n  pushgateway: \"\"\n", "x.yaml:9:16: metrics.pushgateway: must not be empty"),
            (r + "metrics: {}\n", "x.yaml:8:10: metrics: expected pushgateway: URL and/or influx: {url: …, database: …}"),
            (r + "metrics: http://pg:9091\n", #"x.yaml:8:10: metrics: expected a mapping (key: value lines), got "http://pg:9091""#),
            (r + "metrics:\n  influx:\n    url: http://m:8086\n", "x.yaml:10:5: metrics.influx.database: missing"),
            (r + "metrics:\n  influx:\n    database: m\n", "x.yaml:10:5: metrics.influx.url: missing"),
            (
                r + "metrics:\n  influx:\n    url: http://m:8086\n    databse: m\n",
                #"x.yaml:11:5: metrics.influx.databse: unknown key; did you mean "database"?"#
            ),
            (
                r + "metrics:\n  influx:\n    url: http://u:p@m:8086\n    database: m\n",
                "x.yaml:10:10: metrics.influx.url: host http://***@m:8086: credentials in the URL are not accepted; use --username and INFLUX_PASSWORD or --password-file"
            ),
            (
                r + "metrics:\n  influx:\n    url: http://m:8086\n    database: m\n    username: u\n    password_env: METRICS_PW\n",
                "x.yaml:13:19: metrics.influx.password_env: environment variable METRICS_PW is not set"
            ),
            (
                r + "metrics:\n  influx:\n    url: http://m:8086\n    database: m\n    password_env: PW_SET\n",
                "x.yaml:10:5: metrics.influx.username: a password needs a username"
            ),
            (
                r + "metrics:\n  influx:\n    url: http://m:8086\n    database: m\n    insecure_skip_verify: sometimes\n",
                #"x.yaml:12:27: metrics.influx.insecure_skip_verify: expected true or false, got "sometimes""#
            ),
        ]
        let prefix = dir.path + "/"
        for (yaml, expected) in table {
            XCTAssertEqual(try loadError(yaml, environment: ["PW_SET": "s3cret"]), prefix + expected, yaml)
        }
    }

    func testMetricsKey() throws {
        let path = try write(
            "m.yaml",
            Self.rangeBase + """
                metrics:
                  pushgateway: http://pushgateway:9091
                  influx:
                    url: https://metrics.example.com:8086
                    database: ops
                    username: writer
                    password_env: METRICS_PASSWORD
                    ca_cert: /etc/ssl/ca.pem
                    insecure_skip_verify: true

                """)
        let job = try JobConfigLoader.load(file: path, environment: ["METRICS_PASSWORD": "x"])
        XCTAssertEqual(job.metrics.pushgateway, "http://pushgateway:9091")
        let influx = try XCTUnwrap(job.metrics.influx)
        XCTAssertEqual(influx.database, "ops")
        XCTAssertEqual(influx.endpoint.url, "https://metrics.example.com:8086")
        XCTAssertEqual(influx.endpoint.username, "writer")
        XCTAssertEqual(influx.endpoint.password, .environment("METRICS_PASSWORD"))
        XCTAssertEqual(influx.endpoint.caCert, "/etc/ssl/ca.pem")
        XCTAssertTrue(influx.endpoint.insecureSkipVerify)
        XCTAssertEqual(job.warnings, [])

        let only = try write(
            "p.yaml", Self.rangeBase + "metrics:\n  influx: {url: http://m:8086, database: ops, username: u, password: pw}\n")
        let literal = try JobConfigLoader.load(file: only, environment: [:])
        XCTAssertNil(literal.metrics.pushgateway)
        XCTAssertEqual(literal.metrics.influx?.endpoint.password, .literal("pw"))
        XCTAssertEqual(
            literal.warnings,
            [only + ":9:70: metrics.influx.password: a password written in the job file; prefer password_env or password_file"])

        let none = try JobConfigLoader.load(file: try write("n.yaml", Self.rangeBase), environment: [:])
        XCTAssertNil(none.metrics.pushgateway)
        XCTAssertNil(none.metrics.influx)
    }

    func testErrorIsLocatedStructurally() throws {
        let path = try write("x.yaml", Self.rangeBase + "options:\n  retries: three\n")
        XCTAssertThrowsError(try JobConfigLoader.load(file: path, environment: [:])) { error in
            XCTAssertEqual(
                error as? JobConfigError,
                JobConfigError(file: path, line: 9, column: 12, key: "options.retries", message: "expected an integer, got \"three\""))
        }
    }

    func testUnreadableFile() {
        let path = dir.file("missing.yaml")
        XCTAssertThrowsError(try JobConfigLoader.load(file: path, environment: [:])) { error in
            XCTAssertEqual("\(error)", path + ":1:1: cannot read the file")
        }
    }

    // MARK: valid files

    func testFullJobFile() throws {
        let path = try write(
            "nightly.yaml",
            """
            name: nightly-telegraf
            source:
              url: https://influx.example.com:8086
              username: backup
              password_env: INFLUX_PASSWORD
              ca_cert: /etc/ssl/ca.pem
              insecure_skip_verify: true
              databases:
                - telegraf
                - name: metrics
                  destination: metrics_copy
              retention_policies: [autogen, one_year]
            target:
              archive:
                path: /backups/influx
                keep_last: 14
                keep_daily: 30
                keep_within: 48h
                full_every: 7d
            mode: incremental
            schedule: "30 2 * * 1-5"
            timezone: Europe/Paris
            fallback_days: 3
            lookback: 1h30m
            options:
              chunk: 6h
              retries: 7
              retry_delay: 250ms
              timeout: 2m
              jobs: 4
              compression_level: 9
              query_shape: series
              validate: yes
              obsolete_after: 7d
              max_points_per_second: 50000
              max_bytes_per_second: 20MiB
            measurements:
              include: [cpu, "/^disk_/"]
              exclude: ["/_tmp$/"]
            fields:
              include: [usage_user, "/^bytes/"]
              exclude: [bytes_tmp]
              types: [float, integer]
            logging:
              level: debug
              file: /var/log/influxdump/nightly.log
              rotate:
                size: 10MiB
                keep: 5
              loki:
                url: http://loki:3100
                labels:
                  env: prod
                  team: ops

            """)
        let job = try JobConfigLoader.load(file: path, environment: ["INFLUX_PASSWORD": "pw"])
        XCTAssertEqual(job.file, path)
        XCTAssertEqual(job.name, "nightly-telegraf")
        XCTAssertEqual(job.source.url, "https://influx.example.com:8086")
        XCTAssertEqual(job.source.username, "backup")
        XCTAssertEqual(job.source.password, .environment("INFLUX_PASSWORD"))
        XCTAssertEqual(job.source.caCert, "/etc/ssl/ca.pem")
        XCTAssertTrue(job.source.insecureSkipVerify)
        XCTAssertEqual(
            job.databases, [.init(name: "telegraf", destination: "telegraf"), .init(name: "metrics", destination: "metrics_copy")])
        XCTAssertEqual(job.retentionPolicies, ["autogen", "one_year"])
        guard case .archive(let archivePath, let prune, let fullEvery) = job.target else { return XCTFail("target \(job.target)") }
        XCTAssertEqual(archivePath, "/backups/influx")
        XCTAssertEqual(prune, PrunePolicy(keepLast: 14, keepDaily: 30, keepWithin: 48 * 3_600_000_000_000))
        XCTAssertEqual(fullEvery, 7 * 86_400_000_000_000)
        guard case .incremental(let schedule, let zone, let fallbackDays, let lookback) = job.mode else {
            return XCTFail("mode \(job.mode)")
        }
        XCTAssertEqual(schedule?.text, "30 2 * * 1-5")
        XCTAssertEqual(zone.identifier, "Europe/Paris")
        XCTAssertEqual(fallbackDays, 3)
        XCTAssertEqual(lookback, 5_400_000_000_000)
        XCTAssertTrue(job.isScheduled)

        XCTAssertEqual(job.options.chunk, 21_600_000_000_000)
        XCTAssertEqual(job.options.retries, 7)
        XCTAssertEqual(job.options.retryDelay, 0.25, accuracy: 1e-9)
        XCTAssertEqual(job.options.timeout, 120)
        XCTAssertEqual(job.options.jobs, 4)
        XCTAssertEqual(job.options.compressionLevel, 9)
        XCTAssertEqual(job.options.queryShape, .series)
        XCTAssertTrue(job.options.validate)
        XCTAssertEqual(job.options.obsoleteAfter, 604_800_000_000_000)
        XCTAssertEqual(job.options.maxPointsPerSecond, 50_000)
        XCTAssertEqual(job.options.maxBytesPerSecond, 20 << 20)

        let measurements: [(String, Bool)] = [
            ("cpu", true), ("disk_io", true), ("disk_tmp", false), ("mem", false), ("cpu2", false), ("xdisk_io", false),
        ]
        for (name, accepted) in measurements { XCTAssertEqual(job.measurements.accepts(name), accepted, name) }
        let fields: [(String, Bool)] = [("usage_user", true), ("bytes_sent", true), ("bytes_tmp", false), ("usage_system", false)]
        for (name, accepted) in fields { XCTAssertEqual(job.fields.accepts(name: name), accepted, name) }
        XCTAssertEqual(job.fields.types, [.float, .integer])
        XCTAssertTrue(job.fields.accepts(type: .integer))
        XCTAssertFalse(job.fields.accepts(type: .string))

        XCTAssertEqual(job.logging.level, "debug")
        XCTAssertEqual(job.logging.file, "/var/log/influxdump/nightly.log")
        XCTAssertEqual(job.logging.rotation, .size(10_485_760))
        XCTAssertEqual(job.logging.keep, 5)
        XCTAssertEqual(job.logging.lokiURL, "http://loki:3100")
        XCTAssertEqual(job.logging.lokiLabels, ["env": "prod", "team": "ops"])
        XCTAssertEqual(job.warnings, [])
    }

    func testMinimalRangeJobWithLiteralPasswordAndDefaults() throws {
        let path = try write(
            "job-a.yaml",
            """
            source:
              url: http://localhost:8086
              username: admin
              password: hunter2
              databases: [db]
            target:
              server:
                url: http://replica:8086
            mode: range
            start: 2026-01-01T00:00:00Z
            end: 2026-02-01T00:00:00Z
            logging:
              file: /tmp/influxdump-test.log
              rotate:
                daily: true

            """)
        let job = try JobConfigLoader.load(file: path, environment: [:])
        XCTAssertEqual(job.name, "job-a")
        XCTAssertEqual(job.source.password, .literal("hunter2"))
        XCTAssertEqual(
            job.warnings, [path + ":4:13: source.password: a password written in the job file; prefer password_env or password_file"])
        XCTAssertEqual(job.databases, [.init(name: "db", destination: "db")])
        XCTAssertEqual(job.retentionPolicies, [])
        guard case .server(let server) = job.target else { return XCTFail("target \(job.target)") }
        XCTAssertEqual(server.url, "http://replica:8086")
        XCTAssertNil(server.username)
        XCTAssertEqual(server.password, .none)
        XCTAssertFalse(server.insecureSkipVerify)
        guard case .range(let start, let end) = job.mode else { return XCTFail("mode \(job.mode)") }
        XCTAssertEqual(start, 1_767_225_600_000_000_000)
        XCTAssertEqual(end, 1_769_904_000_000_000_000)
        XCTAssertFalse(job.isScheduled)
        // Defaults.
        XCTAssertNil(job.options.chunk)
        XCTAssertEqual(job.options.retries, 5)
        XCTAssertEqual(job.options.retryDelay, 0.5)
        XCTAssertEqual(job.options.timeout, 300)
        XCTAssertEqual(job.options.jobs, 2)
        XCTAssertEqual(job.options.compressionLevel, 1)
        XCTAssertFalse(job.options.validate)
        XCTAssertTrue(job.measurements.isEmpty)
        XCTAssertTrue(job.fields.isEmpty)
        XCTAssertEqual(job.logging.level, "info")
        XCTAssertEqual(job.logging.rotation, .daily)
        XCTAssertEqual(job.logging.keep, 7)
        XCTAssertNil(job.logging.lokiURL)
    }

    func testLiteralPasswordsInSourceAndServerWarnTwice() throws {
        let path = try write(
            "two.yml",
            """
            source:
              url: http://a:8086
              username: u
              password: p1
              databases: [db]
            target:
              server:
                url: http://b:8086
                username: v
                password: p2
            mode: range

            """)
        let job = try JobConfigLoader.load(file: path, environment: [:])
        XCTAssertEqual(job.name, "two")
        XCTAssertEqual(
            job.warnings,
            [
                path + ":4:13: source.password: a password written in the job file; prefer password_env or password_file",
                path + ":10:15: target.server.password: a password written in the job file; prefer password_env or password_file",
            ])
    }

    func testIncrementalDefaultsAndPasswordFile() throws {
        let pw = try write("pw.txt", "secret\n")
        let path = try write(
            "inc.yaml",
            """
            source:
              url: http://localhost:8086
              username: u
              password_file: \(pw)
              databases: [db]
            target:
              archive:
                path: /b
            mode: incremental
            lookback: 0

            """)
        let job = try JobConfigLoader.load(file: path, environment: [:])
        XCTAssertEqual(job.source.password, .file(pw))
        guard case .incremental(let schedule, let zone, let fallbackDays, let lookback) = job.mode else {
            return XCTFail("mode \(job.mode)")
        }
        XCTAssertNil(schedule)
        // UTC (Foundation may name it GMT): no offset in winter or summer.
        XCTAssertEqual(zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_767_225_600)), 0)
        XCTAssertEqual(zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_783_000_000)), 0)
        XCTAssertEqual(fallbackDays, 7)
        XCTAssertEqual(lookback, 0)
        XCTAssertFalse(job.isScheduled)
        guard case .archive(_, let prune, _) = job.target else { return XCTFail("target \(job.target)") }
        XCTAssertTrue(prune.isEmpty)
    }

    func testShortFormsAndPlainSeconds() throws {
        let path = try write(
            "short.yaml",
            Self.rangeBase + """
                options:
                  timeout: 30
                  retry_delay: 2
                logging:
                  file: /tmp/x.log
                  keep: 3
                  rotate: daily

                """)
        let job = try JobConfigLoader.load(file: path, environment: [:])
        XCTAssertEqual(job.options.timeout, 30)
        XCTAssertEqual(job.options.retryDelay, 2.0)
        XCTAssertEqual(job.logging.rotation, .daily)
        XCTAssertEqual(job.logging.keep, 3)
    }

    func testSizeUnits() throws {
        let table: [(String, Int64)] = [
            ("10MiB", 10_485_760), ("500KB", 500_000), ("2K", 2_048), ("1G", 1_073_741_824), ("1048576", 1_048_576), ("3MB", 3_000_000),
        ]
        for (text, bytes) in table {
            let path = try write("size.yaml", Self.rangeBase + "logging:\n  file: /tmp/x.log\n  rotate:\n    size: \(text)\n")
            XCTAssertEqual(try JobConfigLoader.load(file: path, environment: [:]).logging.rotation, .size(bytes), text)
        }
    }

    // MARK: discover

    func testDiscoverFolder() throws {
        for name in [
            "z.yaml", "a.yaml", "b.yml", "B.yaml", "c.template.yaml", "d.template.yml", ".hidden.yaml", ".e.yml", "notes.txt", "yaml",
        ] {
            try write(name, "x: 1\n")
        }
        XCTAssertEqual(try JobConfigLoader.discover(dir.path), ["B.yaml", "a.yaml", "b.yml", "z.yaml"].map { dir.path + "/" + $0 })
    }

    func testDiscoverSingleFileAndMissingPath() throws {
        let file = try write("c.template.yaml", "x: 1\n")
        XCTAssertEqual(try JobConfigLoader.discover(file), [file])
        let missing = dir.file("nope")
        XCTAssertThrowsError(try JobConfigLoader.discover(missing)) { error in
            XCTAssertEqual("\(error)", missing + ":1:1: no such file or directory")
        }
    }

    func testDiscoverEmptyFolder() throws {
        XCTAssertEqual(try JobConfigLoader.discover(dir.path), [])
    }
}
