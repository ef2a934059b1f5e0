import Foundation
import InfluxDump
import Logging
import XCTest

/// `run` jobs killed with SIGKILL mid-run, or failing: the next run resumes the run it can
/// (same options) and removes the others, so the job folder ends with complete archives only,
/// and the chain restores identical to the source.
final class JobCrashTests: SharedServerTestCase {
    static let t0: Int64 = 1_767_225_600_000_000_000  // 2026-01-01T00:00:00Z
    static let minute: Int64 = 60_000_000_000
    override class var workName: String { "jobcrash" }

    /// Three measurements, one point a minute for three days: with `chunk: 1h`, some 220 queries.
    override class func prepare(_ s: TestServer) throws -> [String] {
        try s.execute("CREATE DATABASE src")
        try write(s, from: 0, count: 3 * 24 * 60)
        return []
    }

    static func write(_ s: TestServer, from: Int, count: Int) throws {
        var lp = ""
        for i in from..<(from + count) {
            let t = t0 + Int64(i) * minute
            lp += "m1,host=h\(i % 2) v=\(Double(i) + 0.25) \(t)\nm2 n=\(i)i,s=\"s\(i)\" \(t)\nm3,k=a ok=\(i % 3 == 0) \(t)\n"
        }
        try s.write("src", Array(lp.utf8))
    }

    func jobFile(_ name: String, extra: String = "", mode: String = "mode: incremental\nfallback_days: 0\nlookback: 30d") throws -> String {
        let path = work + "/\(name).yaml"
        let server = try XCTUnwrap(Self.server)
        try """
        name: \(name)
        source: {url: \(server.url), databases: [src]}
        target: {archive: {path: \(work!)/archives}}
        \(mode)
        options: {chunk: 1h, jobs: 1, retries: 0}
        \(extra)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func folder(_ job: String) -> String { work + "/archives/" + job }

    /// The folder's entries that are not complete archives (hidden leftovers included).
    func leftovers(_ job: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder(job))) ?? [])
            .filter { !FileManager.default.fileExists(atPath: folder(job) + "/" + $0 + "/" + Manifest.fileName) }.sorted()
    }

    /// Starts `run --once` on `file` and kills it with SIGKILL after `delay` seconds or, with
    /// nil, as soon as a run of `job` has journaled its plan and one finished query.
    func killedRun(_ file: String, job: String, after delay: Double?) throws {
        let child = try Shell.spawn(
            TestServer.executable, ["run", file, "--once", "-q"], environment: nil, stdinFD: nil, stdoutFD: nil,
            closeInChild: [])
        if let delay {
            Thread.sleep(forTimeInterval: delay)
        } else {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline && !leftovers(job).contains(where: { journalLines(job, $0) >= 2 }) {
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
        kill(child.pid, SIGKILL)
        _ = Shell.drain(child.outputs)
        _ = Shell.wait(child.pid)
    }

    func journalLines(_ job: String, _ run: String) -> Int {
        let data = FileManager.default.contents(atPath: folder(job) + "/" + run + "/" + DirectoryArchiveWriter.journalName) ?? Data()
        return data.filter { $0 == 0x0A }.count
    }

    /// SplitMix64: the same kill moments on every run of the test.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testKilledRunsAreResumedByTheNextRunAndTheChainRestoresTheSource() throws {
        let server = try XCTUnwrap(Self.server)
        let file = try jobFile("crash")
        var random = SeededGenerator(state: 11)
        // The first kill waits for a saved query (a resume is certain); the others land anywhere.
        let delays: [Double?] = [nil] + (0..<3).map { _ in Double.random(in: 0.05...1.2, using: &random) }
        var resumed = 0
        for (trial, delay) in delays.enumerated() {
            let moment = delay.map { "kill after \($0) s" } ?? "kill after a saved query"
            try Self.write(server, from: 10_000 + trial * 10, count: 10)  // new points for each trial
            try killedRun(file, job: "crash", after: delay)
            let killed = leftovers("crash")
            // Killed after its plan was journaled: resumable (before it: removed, nothing was saved).
            let resumable = killed.filter { journalLines("crash", $0) >= 1 }
            let again = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
            XCTAssertEqual(again.status, 0, "trial \(trial): \(again.stderr)")
            XCTAssertEqual(leftovers("crash"), [], "trial \(trial) (\(moment)): no unfinished run left")
            for name in resumable {
                XCTAssertTrue(
                    FileManager.default.fileExists(atPath: folder("crash") + "/" + name + "/" + Manifest.fileName),
                    "trial \(trial): the killed run \(name) was resumed in place")
                resumed += 1
            }
            let target = "restored\(trial)"
            let restore = try Shell.run(
                TestServer.executable,
                ["restore", "--host", server.url, "-i", folder("crash"), "--database-map", "src=\(target)", "-q"])
            XCTAssertEqual(restore.status, 0, "trial \(trial): \(restore.stderr)")
            let diff = try DatabaseComparator(
                source: server.client(), sourceDB: "src", destination: server.client(),
                destinationDB: target
            ).compare()
            XCTAssertEqual(diff.differences.map(\.what), [], "trial \(trial) (\(moment))")
        }
        XCTAssertGreaterThan(resumed, 0, "no killed run was resumed: the test proved nothing")
    }

    /// A killed run whose job file then changed (another filter) is not resumed: the next run
    /// removes it and dumps what the job now asks for.
    func testAKilledRunIsNotResumedWhenTheJobsOptionsChanged() throws {
        let file = try jobFile("changed", mode: "mode: range")
        try killedRun(file, job: "changed", after: nil)
        let killed = leftovers("changed")
        XCTAssertEqual(killed.count, 1, "killed mid-run: \(killed)")
        _ = try jobFile("changed", extra: "measurements: {exclude: [m3]}", mode: "mode: range")
        let again = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(leftovers("changed"), [], "the run that cannot be resumed is removed")
        let archives = try ArchiveFolder(root: folder("changed")).archives()
        XCTAssertEqual(archives.count, 1)
        // The killed run's plan had m3: a new plan, not the killed one resumed.
        XCTAssertEqual(Set(archives.first?.manifest.segments.map(\.measurement) ?? []), ["m1", "m2"])
    }

    /// A run that fails before it saved a query leaves nothing behind.
    func testAFailedRunLeavesNoFolder() throws {
        let path = work + "/down.yaml"
        try """
        name: down
        source: {url: "http://127.0.0.1:1", databases: [src]}
        target: {archive: {path: \(work!)/archives}}
        mode: range
        options: {retries: 0}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        var logger = Logger(label: "job-crash-test")
        logger.logLevel = .critical
        let result = JobRunner(job: try JobConfigLoader.load(file: path), logger: logger, cancellation: Cancellation()).run()
        XCTAssertTrue(result.failed, "\(result.status)")
        XCTAssertEqual(leftovers("down"), [], "the failed run's directory is removed")
    }
}
