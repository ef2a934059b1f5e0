import Foundation
import InfluxDump
import Logging
import XCTest

/// Faults between influxdump and a real influxd (through `FaultProxy`), and the server itself
/// restarted mid-run: transient faults are retried and the data ends identical; permanent ones
/// fail fast with a line that says what to fix.
final class FaultTests: SharedServerTestCase {
    static let db = "nasty"
    override class var workName: String { "fault" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try NastyDataset.load(into: s, database: db)
        return []
    }

    var server: TestServer { Self.server! }

    func assertIdentical(_ copy: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let diff = try DatabaseComparator(source: server.client(), sourceDB: Self.db, destination: server.client(), destinationDB: copy)
            .compare()
        XCTAssertEqual(diff.differences.map(\.what), [], file: file, line: line)
    }

    /// A fault plan for the n-th request matching `isTarget`; others pass.
    static func plan(_ faults: [FaultProxy.Fault], where isTarget: @escaping @Sendable (String, String) -> Bool)
        -> @Sendable (Int, String, String) -> FaultProxy.Fault
    {
        let counter = Locked(0)
        return { _, path, body in
            guard isTarget(path, body) else { return .pass }
            let n = counter.with { c in
                defer { c += 1 }; return c
            }
            return n < faults.count ? faults[n] : .pass
        }
    }

    func testDumpThroughFaultsEndsIdentical() throws {
        let faults: [FaultProxy.Fault] = [
            .status(503), .status(500), .status(429), .dropBeforeAnswer, .cutResponse(afterBytes: 200),
            .cutResponse(afterBytes: 5_000), .stall(seconds: 3, afterBytes: 300), .status(502),
        ]
        let proxy = try FaultProxy(
            upstreamPort: server.port, decide: Self.plan(faults) { path, body in path.hasPrefix("/query") && body.contains("SELECT *") })
        defer { proxy.stop() }
        let dir = work + "/a"
        let dump = try Shell.run(
            TestServer.executable,
            [
                "dump", "--host", proxy.url, "-d", Self.db, "-o", dir, "--timeout", "1", "--retries", "10", "-j", "2",
                "--log-level", "warning",
            ])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        XCTAssertEqual(proxy.seen.filter { $0.fault != .pass }.count, faults.count, "every fault was injected")
        XCTAssertTrue(dump.stderr.contains("retrying query"), "the retries are logged: \(dump.stderr)")
        XCTAssertTrue(try ArchiveVerifier(root: dir).run().ok)
        let restore = try Shell.run(TestServer.executable, ["restore", "--host", server.url, "-i", dir, "-d", "after_dump_faults", "-q"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        try assertIdentical("after_dump_faults")
    }

    /// A query cut after thousands of points is read again whole: the progress counters take
    /// back what the failed attempt reported, so they end equal to what was saved.
    func testProgressIsNotCountedTwiceAfterARetry() throws {
        let proxy = try FaultProxy(
            upstreamPort: server.port,
            decide: Self.plan([.cutResponse(afterBytes: 60_000)]) { path, body in
                // The week that holds the 25,000-point series (from 2023-11-14).
                path.hasPrefix("/query") && body.contains("SELECT *") && body.contains("big")
                    && body.contains("time >= 1699833600000000000")
            })
        defer { proxy.stop() }
        var options = DumpOptions(source: ClientConfiguration(baseURL: proxy.url))
        options.databases = [Self.db]
        options.retry = RetryPolicy(maxRetries: 3, base: 0.05)
        let progress = TransferProgress(label: Self.db, operation: "dump")
        options.progress = progress
        var logger = Logger(label: "fault-test")
        logger.logLevel = .critical
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: work + "/p"), logger: logger).run()
        XCTAssertEqual(proxy.seen.filter { $0.fault != .pass }.count, 1, "the cut was injected")
        let s = progress.snapshot
        XCTAssertEqual(s.points, manifest.totalPoints)
        XCTAssertEqual(s.bytes, manifest.totalRawBytes)
        XCTAssertEqual(s.unitsDone, s.unitsTotal)
    }

    func testRestoreThroughFaultsEndsIdentical() throws {
        let dir = work + "/b"
        XCTAssertEqual(try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", dir, "-q"]).status, 0)
        // Including a write the server applied whose answer never arrived: the retry rewrites it.
        let faults: [FaultProxy.Fault] = [
            .status(500), .status(503), .dropBeforeAnswer, .cutResponse(afterBytes: 0), .status(429), .stall(seconds: 3, afterBytes: 0),
        ]
        let proxy = try FaultProxy(upstreamPort: server.port, decide: Self.plan(faults) { path, _ in path.hasPrefix("/write") })
        defer { proxy.stop() }
        let restore = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", proxy.url, "-i", dir, "-d", "after_write_faults", "--timeout", "1",
                "--retries", "10", "--log-level", "warning", "--batch-size", "100",
            ])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        XCTAssertEqual(proxy.seen.filter { $0.fault != .pass }.count, faults.count)
        try assertIdentical("after_write_faults")
    }

    func testPermanentErrorsFailFastAndSayWhatToFix() throws {
        for (status, hint) in [
            (404, "HTTP 404: injected fault"),
            (
                401,
                "HTTP 401: injected fault (check the user name and its password: --username with INFLUX_PASSWORD or --password-file, or a job's username with password_env or password_file)"
            ),
            (403, "HTTP 403: injected fault (the user lacks the privilege"),
        ] {
            let proxy = try FaultProxy(
                upstreamPort: server.port, decide: Self.plan([.status(status)]) { path, body in body.contains("SELECT *") })
            defer { proxy.stop() }
            let dump = try Shell.run(
                TestServer.executable, ["dump", "--host", proxy.url, "-d", Self.db, "-o", work + "/fail\(status)", "-j", "1"])
            XCTAssertEqual(dump.status, 1, dump.stderr)
            XCTAssertTrue(dump.stderr.contains(hint), dump.stderr)
            XCTAssertEqual(proxy.seen.filter { $0.body.contains("SELECT *") }.count, 1, "HTTP \(status) is not retried")
            XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/fail\(status)/manifest.json"))
        }
    }

    func testServerRestartDuringDumpAndRestore() throws {
        // A dump of many small windows, so it is still running when the server goes away.
        let dir = work + "/c"
        let child = try Shell.spawn(
            TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", dir, "--chunk", "1d", "-j", "1", "-q"],
            environment: nil, stdinFD: nil, stdoutFD: nil, closeInChild: [])
        Thread.sleep(forTimeInterval: 0.5)
        try server.restartAfter(seconds: 1.5)
        let out = Shell.drain(child.outputs)
        XCTAssertEqual(Shell.wait(child.pid), 0, String(decoding: out[1], as: UTF8.self))
        XCTAssertTrue(try ArchiveVerifier(root: dir).run().ok)

        let restore = try Shell.spawn(
            TestServer.executable,
            ["restore", "--host", server.url, "-i", dir, "-d", "after_restart", "-q", "-j", "1", "--batch-size", "50"],
            environment: nil, stdinFD: nil, stdoutFD: nil, closeInChild: [])
        Thread.sleep(forTimeInterval: 0.3)
        try server.restartAfter(seconds: 1.5)
        let rout = Shell.drain(restore.outputs)
        XCTAssertEqual(Shell.wait(restore.pid), 0, String(decoding: rout[1], as: UTF8.self))
        try assertIdentical("after_restart")
    }
}
