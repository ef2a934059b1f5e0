import Foundation
import InfluxDump
import Logging
import XCTest

/// Scheduling against a real server: a job never overlaps itself, and SIGTERM stops `run`
/// cleanly (exit 0, no manifest for what was not saved).
final class SchedulerTests: XCTestCase {
    var server: TestServer!
    var work: String!

    override func setUpWithError() throws {
        server = try TestServer()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-sched-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work + "/config", withIntermediateDirectories: true)
        try server.execute("CREATE DATABASE src")
        try server.write("src", Array("cpu,host=a usage=1.5 1767225600000000000\n".utf8))
        // One-second windows over a day: tens of thousands of small queries, a job that runs for minutes.
        try """
        name: slow
        source: {url: \(server.url), databases: [src]}
        target: {archive: {path: \(work!)/archives}}
        mode: range
        start: 2026-01-01T00:00:00Z
        end: 2026-01-02T00:00:00Z
        options: {chunk: 1s, jobs: 1}
        """.write(toFile: work + "/config/slow.yaml", atomically: true, encoding: .utf8)
        try """
        name: ticking
        source: {url: \(server.url), databases: [src]}
        target: {archive: {path: \(work!)/archives}}
        mode: incremental
        schedule: "* * * * *"
        """.write(toFile: work + "/config/ticking.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        server?.destroy()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    func testAJobNeverOverlapsItself() throws {
        let job = try JobConfigLoader.load(file: work + "/config/slow.yaml")
        var logger = Logger(label: "t")
        logger.logLevel = .critical
        let cancellation = Cancellation()
        let scheduler = JobScheduler(jobs: [job], loggers: [:], logger: logger, cancellation: cancellation)
        XCTAssertTrue(scheduler.start(job, at: Date()))
        XCTAssertFalse(scheduler.start(job, at: Date()), "a tick while the previous run goes on is skipped")
        cancellation.cancel()
        let results = scheduler.runOnce()  // waits for the running one; starts none (cancelled run returns fast)
        XCTAssertTrue(results.contains { if case .skipped = $0.status { return true } else { return false } }, "\(results.map(\.status))")
    }

    func testSigtermStopsCleanlyWithExitZeroAndNoFalseManifest() throws {
        let child = try Shell.spawn(
            TestServer.executable, ["run", work + "/config", "-q"], environment: nil, stdinFD: nil, stdoutFD: nil, closeInChild: [])
        // Let the slow job get going, then stop everything.
        Thread.sleep(forTimeInterval: 2)
        kill(child.pid, SIGTERM)
        let output = Shell.drain(child.outputs)
        let status = Shell.wait(child.pid)
        let stdout = String(decoding: output[0], as: UTF8.self), stderr = String(decoding: output[1], as: UTF8.self)
        XCTAssertEqual(status, 0, stderr)
        XCTAssertTrue(stderr.contains("signal 15: stopping"), stderr)
        XCTAssertTrue(stdout.contains("slow") && stdout.contains("stopped"), stdout)
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: work + "/archives/slow")) ?? []
        for run in runs {
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: work + "/archives/slow/\(run)/manifest.json"),
                "an interrupted dump must not leave a manifest")
        }
    }
}
