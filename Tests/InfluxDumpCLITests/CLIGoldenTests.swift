import Foundation
import XCTest

@testable import InfluxDumpCLI

/// Golden tests of what a user sees: help text and the exact one-line error for bad input.
/// Regenerate the help files with `UPDATE_GOLDEN=1 swift test --filter CLIGoldenTests` and
/// review the diff.
final class CLIGoldenTests: XCTestCase {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, expected, "help differs from \(name); run with UPDATE_GOLDEN=1 and review", file: file, line: line)
    }

    func testHelpTexts() throws {
        for (args, name) in [
            ([String](), "help-root.txt"), (["dump"], "help-dump.txt"), (["prune"], "help-prune.txt"), (["restore"], "help-restore.txt"),
            (["verify"], "help-verify.txt"),
            (["run"], "help-run.txt"), (["inspect"], "help-inspect.txt"), (["config"], "help-config.txt"),
            (["config", "convert"], "help-config-convert.txt"),
        ] {
            let (status, text) = Entrypoint.execute(args + ["--help"])
            XCTAssertEqual(status, .success)
            try assertGolden((text ?? "") + "\n", name)
        }
    }

    func testHelpListsExitCodes() {
        for sub in [["dump"], ["restore"], ["verify"], ["run"], ["inspect"], ["prune"], ["config", "convert"]] {
            let text = Entrypoint.execute(sub + ["--help"]).1 ?? ""
            XCTAssertTrue(text.contains("0  success") && text.contains("2  usage or configuration error"), "\(sub)")
        }
    }

    func testVersion() {
        let (status, text) = Entrypoint.execute(["--version"])
        XCTAssertEqual(status, .success)
        XCTAssertEqual(text, "0.1.0")
    }

    /// Bad input: exit 2 and exactly this one line (nothing is contacted or written).
    func testUsageErrors() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-golden-empty").path
        try? FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let newer = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-golden-newer").path
        try? FileManager.default.createDirectory(atPath: newer, withIntermediateDirectories: true)
        try Data(#"{"format": "influxdump-archive", "formatVersion": 99}"#.utf8).write(to: URL(fileURLWithPath: newer + "/manifest.json"))
        let notJSON = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-golden-notjson").path
        try? FileManager.default.createDirectory(atPath: notJSON, withIntermediateDirectories: true)
        try Data("PK\u{3}\u{4} not json".utf8).write(to: URL(fileURLWithPath: notJSON + "/manifest.json"))
        let cases: [([String], String)] = [
            (["frobnicate"], "Unexpected argument 'frobnicate'"),
            (["dump"], "Missing expected argument '--output <dir>'"),
            (["dump", "-o", "x", "--bogus"], "Unknown option '--bogus'. Did you mean '--jobs'?"),
            (
                ["dump", "-o", "x", "--start", "yesterday"],
                #"--start "yesterday": expected an RFC3339 time (2026-11-21T00:00:00Z), a date (2026-11-21) or integer nanoseconds"#
            ),
            (
                ["dump", "-o", "x", "--end", "2021-02-30T00:00:00Z"],
                #"--end "2021-02-30T00:00:00Z": expected an RFC3339 time (2026-11-21T00:00:00Z), a date (2026-11-21) or integer nanoseconds"#
            ),
            (
                ["dump", "-o", "x", "--start", "2026-01-02T00:00:00Z", "--end", "2026-01-01T00:00:00Z"],
                "--start 2026-01-02T00:00:00Z is not before --end 2026-01-01T00:00:00Z"
            ),
            (["dump", "-o", "x", "--host", "ftp://h"], "host ftp://h: expected a URL starting with http:// or https://"),
            (["dump", "-o", "x", "--host", "http://"], "host http://: missing host name"),
            (
                ["dump", "-o", "x", "--host", "http://bob:s3cret@h:8086"],
                "host http://***@h:8086: credentials in the URL are not accepted; use --username and INFLUX_PASSWORD or --password-file"
            ),
            (["dump", "-o", "x", "--host", "http://h:99999"], #"host http://h:99999: invalid port "99999""#),
            (["dump", "-o", "x", "--chunk", "soon"], #"--chunk "soon": expected a duration such as 30m, 6h or 7d"#),
            (["dump", "-o", "x", "--chunk", "0s"], #"--chunk "0s": expected a duration such as 30m, 6h or 7d"#),
            (["dump", "-o", "x", "--compression-level", "30"], "--compression-level must be 1 to 19, got 30"),
            (["dump", "-o", "x", "--segment-size", "100"], "--segment-size must be 1 to 23 MiB, got 100"),
            (["dump", "-o", "x", "--jobs", "0"], "--jobs must be a positive number, got 0"),
            (["dump", "-o", "x", "--jobs", "many"], "The value 'many' is invalid for '--jobs <n>'"),
            (["dump", "-o", "x", "--timeout", "0"], "--timeout must be a positive number of seconds, got 0"),
            (
                ["dump", "-o", "x", "--log-level", "loud"],
                #"--log-level "loud": expected trace, debug, info, notice, warning, error or critical"#
            ),
            (
                ["dump", "-o", "x", "-u", "a", "--password-file", "/nonexistent/pw"],
                "--password-file /nonexistent/pw: file not found or not readable"
            ),
            (["dump", "-o", "x", "--ca-cert", "/nonexistent/ca.pem"], "--ca-cert /nonexistent/ca.pem: file not found or not readable"),
            (["restore"], "missing --input (an archive directory, a job folder or -)"),
            (["restore", "-i", "x", "--database-map", "nope"], #"--database-map "nope": expected SRC=DST"#),
            (["restore", "-i", "x", "--database-map", "=b"], #"--database-map "=b": expected SRC=DST"#),
            (["restore", "-i", "x", "--batch-size", "0"], "--batch-size must be 1 to 1000000 points, got 0"),
            (["restore", "-i", "/nonexistent/archive"], "/nonexistent/archive: open archive failed: no such directory"),
            (["restore", "-i", empty], "\(empty): not an influxdump archive (no manifest.json)"),
            (["verify"], "Missing expected argument '<dir>'"),
            (["verify", "/nonexistent/archive"], "/nonexistent/archive: open archive failed: no such directory"),
            (["verify", empty], "\(empty): not an influxdump archive (no manifest.json)"),
            (["verify", empty, "--jobs", "0"], "--jobs must be a positive number, got 0"),
            (
                ["verify", newer],
                "\(newer)/manifest.json: archive format version 99 is newer than this influxdump understands (1); upgrade influxdump"
            ),
            (
                ["restore", "-i", newer],
                "\(newer)/manifest.json: archive format version 99 is newer than this influxdump understands (1); upgrade influxdump"
            ),
            (["verify", notJSON], "\(notJSON)/manifest.json: unreadable manifest: not JSON"),
            (["dump", "-o", "-", "--resume"], "--resume needs an output directory, not -"),
            (["dump", "-o", "x", "--umask", "99"], #"--umask "99": expected an octal mask such as 077 or 027"#),
            (["restore", "-i", "-", "--resume"], "--resume needs an archive directory, not -"),
            (["restore", "-i", "x", "--state-dir", "/nonexistent/state"], "--state-dir /nonexistent/state: no such directory"),
            (["restore", "-i", "-", "-i", "x"], "--input - cannot be combined with other inputs"),
            (["dump", "-o", "x", "-m", "/cpu(/"], #"--measurement "/cpu(/": invalid regular expression"#),
            (["dump", "-o", "x", "--retention", "/[/"], #"--retention "/[/": invalid regular expression"#),
            (["restore", "-i", "x", "--source-database", "/[/"], #"--source-database "/[/": invalid regular expression"#),
            (["restore", "-i", "x", "-m", "/(/"], #"--measurement "/(/": invalid regular expression"#),
            (["restore", "-i", "x", "--user-password", "bob=env:PW"], "--user-password needs --with-users"),
            (
                ["restore", "-i", "x", "--with-users", "--user-password", "bob"],
                #"--user-password "bob": expected USER=env:VAR or USER=file:PATH"#
            ),
            (
                ["restore", "-i", "x", "--with-users", "--user-password", "=env:PW"],
                #"--user-password "=env:PW": expected USER=env:VAR or USER=file:PATH"#
            ),
            (
                ["restore", "-i", "x", "--with-users", "--user-password", "bob=env:INFLUXDUMP_SURELY_UNSET"],
                "--user-password bob: environment variable INFLUXDUMP_SURELY_UNSET is not set"
            ),
            (
                ["restore", "-i", "x", "--with-users", "--user-password", "bob=file:/nonexistent/pw"],
                "--user-password bob=file:/nonexistent/pw: file not found or not readable"
            ),
            (["run"], "Missing expected argument '<path>'"),
            (["run", "/nonexistent/jobs"], "/nonexistent/jobs:1:1: no such file or directory"),
            (["run", empty], "\(empty): no job files (*.yaml, *.yml; *.template.yaml and *.yaml.template are skipped)"),
            (["dump", "-o", "x", "--retries=-1"], "--retries must be zero or more, got -1"),
            (["dump", "-o", "x", "--progress", "fancy"], #"--progress "fancy": expected auto, live, plain or off"#),
            (["restore", "-i", "x", "--progress", "yes"], #"--progress "yes": expected auto, live, plain or off"#),
            (["dump", "-o", "x", "--max-points-per-second", "0"], "--max-points-per-second must be a positive number, got 0"),
            (
                ["dump", "-o", "x", "--max-bytes-per-second", "10MB"],
                #"--max-bytes-per-second "10MB": expected a positive number of bytes, e.g. 5000000 or 20MiB"#
            ),
            (
                ["restore", "-i", "x", "--max-bytes-per-second", "0"],
                #"--max-bytes-per-second "0": expected a positive number of bytes, e.g. 5000000 or 20MiB"#
            ),
            (["dump", "-o", "-", "--json"], "--json prints on stdout, which -o - uses for the dump stream"),
            (["dump", "-o", "x", "--plan-only", "--json"], "--plan-only already prints JSON lines; leave out --json"),
            (["run", empty, "--json"], "--json needs --once (scheduled jobs never end)"),
            (["run", empty, "--json", "--validate-only"], "--json cannot be combined with --validate-only"),
        ]
        for (args, message) in cases {
            let (status, text) = Entrypoint.execute(args)
            XCTAssertEqual(status, .usage, "\(args)")
            XCTAssertEqual(text, message, "\(args)")
            XCTAssertFalse(text?.contains("\n") ?? true, "one line: \(args)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "x"), "a refused command must not create its output")
    }

    func testGarbageOnStandardInputIsAUsageError() throws {
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-golden-garbage-\(UUID().uuidString)").path
        try Data("this is not a dump stream\n".utf8).write(to: URL(fileURLWithPath: garbage))
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        let saved = dup(0)
        let fd = open(garbage, O_RDONLY)
        dup2(fd, 0)
        let (status, text) = Entrypoint.execute(["restore", "--host", "http://127.0.0.1:1", "-i", "-"])
        dup2(saved, 0)
        close(fd); close(saved)
        XCTAssertEqual(status, .usage)
        XCTAssertEqual(
            text,
            "standard input is not an influxdump stream (expected \"INFXDUMP\"); give --input - only the output of `influxdump dump --output -`"
        )
    }

    func testPasswordNeverInErrors() {
        let (_, text) = Entrypoint.execute(["dump", "-o", "x", "--host", "https://admin:hunter2@h:8086/"])
        XCTAssertFalse(text?.contains("hunter2") ?? true)
    }
}
