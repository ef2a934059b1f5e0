import Foundation
import InfluxDump
import Logging
import XCTest

/// Dumps and restores killed with SIGKILL at random moments and resumed: the result is the
/// same as an uninterrupted run. Plus the lock, and `--skip-corrupt`.
final class ResumeTests: SharedServerTestCase {
    nonisolated(unsafe) static var reference: String?
    static let db = "nasty"
    static let dumpArgs = ["--chunk", "30d", "--segment-size", "1", "-j", "2", "-q"]
    override class var workName: String { "resume" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try NastyDataset.load(into: s, database: db)
        reference = try s.dump(["-d", db] + dumpArgs.filter { $0 != "-q" }, prefix: "influxdump-resume-ref")
        return [reference!]
    }

    /// Segment contents independent of file names: (db, rp, measurement, window, part, sha256).
    func contents(_ archive: String) throws -> [String] {
        try StoredArchiveReader.loadManifest(root: archive).segments
            .map { "\($0.database)|\($0.retentionPolicy)|\($0.measurement)|\($0.windowStart)|\($0.part)|\($0.sha256)|\($0.points)" }
            .sorted()
    }

    func killAfter(_ seconds: Double, _ args: [String]) throws -> Int32 {
        let child = try Shell.spawn(TestServer.executable, args, environment: nil, stdinFD: nil, stdoutFD: nil, closeInChild: [])
        Thread.sleep(forTimeInterval: seconds)
        kill(child.pid, SIGKILL)
        _ = Shell.drain(child.outputs)
        return Shell.wait(child.pid)
    }

    func testKilledDumpsResumeToTheSameArchive() throws {
        let server = try XCTUnwrap(Self.server)
        let expected = try contents(try XCTUnwrap(Self.reference))
        var generator = SystemRandomNumberGenerator()
        let delays = [0.05, 0.15, 0.3] + (0..<3).map { _ in Double.random(in: 0.02...0.6, using: &generator) }
        var interrupted = 0
        for (trial, delay) in delays.enumerated() {
            let dir = work + "/dump\(trial)"
            let status = try killAfter(delay, ["dump", "--host", server.url, "-d", Self.db, "-o", dir] + Self.dumpArgs)
            if status == 128 + SIGKILL { interrupted += 1 }
            if FileManager.default.fileExists(atPath: dir + "/manifest.json") { continue }  // finished before the kill
            // The same command again, plus --resume.
            let resumed = try Shell.run(
                TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", dir, "--resume"] + Self.dumpArgs)
            XCTAssertEqual(resumed.status, 0, "trial \(trial) (kill after \(delay) s): \(resumed.stderr)")
            XCTAssertEqual(try ArchiveVerifier(root: dir).run().findings.map(\.description), [], "trial \(trial)")
            XCTAssertEqual(try contents(dir), expected, "trial \(trial): resumed archive differs from an uninterrupted dump")
        }
        XCTAssertGreaterThan(interrupted, 0, "no trial interrupted a dump: the test proved nothing")
    }

    func testKilledRestoresResumeToAnIdenticalDatabase() throws {
        let server = try XCTUnwrap(Self.server)
        let archive = try XCTUnwrap(Self.reference)
        for (trial, delay) in [0.1, 0.3, Double.random(in: 0.05...0.5)].enumerated() {
            let target = "restored\(trial)"
            _ = try killAfter(delay, ["restore", "--host", server.url, "-i", archive, "-d", target, "-q", "--state-dir", work, "-j", "1"])
            let resumed = try Shell.run(
                TestServer.executable,
                ["restore", "--host", server.url, "-i", archive, "-d", target, "-q", "--state-dir", work, "--resume"])
            XCTAssertEqual(resumed.status, 0, "trial \(trial): \(resumed.stderr)")
            let diff = try DatabaseComparator(
                source: server.client(), sourceDB: Self.db, destination: server.client(), destinationDB: target
            ).compare()
            XCTAssertEqual(diff.differences.map(\.what), [], "trial \(trial) (kill after \(delay) s)")
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasSuffix(".journal") }, [],
            "a completed restore removes its journal")
    }

    /// Every file of `dir` (hidden ones too) with its bytes and modification time.
    func snapshot(_ dir: String) throws -> [String: String] {
        var files: [String: String] = [:]
        let fm = FileManager.default
        for case let name as String in try XCTUnwrap(fm.enumerator(atPath: dir)) {
            let attributes = try fm.attributesOfItem(atPath: dir + "/" + name)
            let bytes = fm.contents(atPath: dir + "/" + name).map { HashingSink.hash(Array($0)) } ?? "directory"
            files[name] = "\(bytes) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }
        return files
    }

    /// A retry loop's `--resume` after the dump succeeded: exit 0, says so, touches nothing.
    /// Found in review: a resumed job run read its watermarks from the journal's header, which
    /// had none, so a measurement without new points lost its parent's mark (the next run then
    /// started it at the fallback and skipped later backfills silently).
    func testAResumedJobDumpKeepsTheWatermarksItInherited() throws {
        let server = try XCTUnwrap(Self.server)
        let dir = work + "/archive"
        var options = DumpOptions(source: ClientConfiguration(baseURL: server.url))
        options.databases = [Self.db]
        options.measurements = ["ints", "floats"]
        options.jobs = 1
        options.job = "j"
        let quiet = MeasurementKey(database: Self.db, retentionPolicy: "autogen", measurement: "gone")
        options.inheritedWatermarks = [quiet: 42]
        let first = StopAfterOneQuery(try DirectoryArchiveWriter(root: dir))
        XCTAssertThrowsError(try Dumper(options: options, sink: first, logger: Logger(label: "t")).run())
        first.inner.releaseLock()  // as the killed process would
        options.inheritedWatermarks = [:]  // what a resuming run passes: it reads the marks back
        let resumed = try DirectoryArchiveWriter(root: dir, resume: true)
        XCTAssertEqual(resumed.resumeState?.completed.count, 1)
        let manifest = try Dumper(options: options, sink: resumed, logger: Logger(label: "t")).run()
        XCTAssertEqual(manifest.watermarks?.first { $0.measurement == "gone" }?.time, 42, "\(manifest.watermarks ?? [])")
    }

    func testResumeOfACompleteArchiveSucceedsAndChangesNothing() throws {
        let server = try XCTUnwrap(Self.server)
        let dir = work + "/complete"
        try FileManager.default.copyItem(atPath: try XCTUnwrap(Self.reference), toPath: dir)
        let before = try snapshot(dir)
        let args = ["dump", "--host", server.url, "-d", Self.db, "-o", dir, "--resume"] + Self.dumpArgs
        let again = try Shell.run(TestServer.executable, args)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stderr, "influxdump: \(dir): the archive is already complete; nothing to resume\n")
        XCTAssertEqual(try snapshot(dir), before, "no file added, removed or rewritten")
    }

    func testASecondDumpIntoTheSameDirectoryIsRefused() throws {
        let server = try XCTUnwrap(Self.server)
        let dir = work + "/locked"
        let child = try Shell.spawn(
            TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", dir, "--chunk", "1d", "-j", "1", "-q"],
            environment: nil, stdinFD: nil, stdoutFD: nil, closeInChild: [])
        defer { kill(child.pid, SIGKILL); _ = Shell.drain(child.outputs); _ = Shell.wait(child.pid) }
        var waited = 0.0
        while !FileManager.default.fileExists(atPath: dir + "/" + DirectoryArchiveWriter.lockName) && waited < 5 {
            Thread.sleep(forTimeInterval: 0.02); waited += 0.02
        }
        let second = try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", dir, "--resume"])
        XCTAssertEqual(second.status, 2)
        XCTAssertEqual(second.stderr, "influxdump: \(dir): another influxdump is writing into this directory (lock held)\n")
        let third = try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", dir])
        XCTAssertEqual(third.status, 2)
        XCTAssertTrue(third.stderr.contains("add --resume to continue it") || third.stderr.contains("not empty"), third.stderr)
    }

    func testAFullDiskStopsCleanlyAndResumeCompletesOnceThereIsRoom() throws {
        let server = try XCTUnwrap(Self.server)
        let dir = work + "/full"
        // A file-size limit at half the largest segment of the reference dump (ulimit -f counts
        // 512-byte blocks in sh): that segment cannot be written.
        let largest =
            try StoredArchiveReader.loadManifest(root: try XCTUnwrap(Self.reference)).segments.map(\.compressedBytes).max() ?? 0
        XCTAssertGreaterThan(largest, 4_096)
        let args = (["dump", "--host", server.url, "-d", Self.db, "-o", dir] + Self.dumpArgs).map { "'\($0)'" }.joined(separator: " ")
        let full = try Shell.run("/bin/sh", ["-c", "ulimit -f \(largest / 1_024); exec '\(TestServer.executable)' \(args)"])
        XCTAssertEqual(full.status, 1, full.stderr)
        // One error line (plus, when a query was saved before the disk filled, how to resume).
        let lines = full.stderr.split(separator: "\n").filter { !$0.contains("run the same command with --resume to continue") }
        XCTAssertEqual(lines.count, 1, "one line: \(full.stderr)")
        XCTAssertTrue(full.stderr.contains(dir + "/") && full.stderr.contains("File too large"), full.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/manifest.json"), "no complete-looking manifest")
        // With a query saved, the directory waits for --resume; with none it is gone (nothing to keep).
        if FileManager.default.fileExists(atPath: dir) {
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/segments").filter { $0.hasSuffix(".partial") }
            XCTAssertEqual(leftovers, [], "the partial file is removed")
        }

        let resumed = try Shell.run(
            TestServer.executable, ["dump", "--host", server.url, "-d", Self.db, "-o", dir, "--resume"] + Self.dumpArgs)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try contents(dir), try contents(try XCTUnwrap(Self.reference)))
    }

    func testSkipCorruptRestoresTheRestAndListsWhatWasSkipped() throws {
        let server = try XCTUnwrap(Self.server)
        let archive = work + "/copy"
        try FileManager.default.copyItem(atPath: try XCTUnwrap(Self.reference), toPath: archive)
        let manifest = try StoredArchiveReader.loadManifest(root: archive)
        let victim = try XCTUnwrap(manifest.segments.first { $0.measurement == "strs" })
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: archive + "/" + victim.path))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: archive + "/" + victim.path))

        let plain = try Shell.run(
            TestServer.executable, ["restore", "--host", server.url, "-i", archive, "-d", "refusing", "-q", "--state-dir", work])
        XCTAssertEqual(plain.status, 1)
        XCTAssertTrue(plain.stderr.contains("segment \(victim.path): sha256 mismatch"), plain.stderr)

        let skipping = try Shell.run(
            TestServer.executable,
            ["restore", "--host", server.url, "-i", archive, "-d", "skipping", "-q", "--state-dir", work, "--skip-corrupt"])
        XCTAssertEqual(skipping.status, 1)
        XCTAssertTrue(skipping.stderr.contains("skipped: segment \(victim.path): sha256 mismatch"), skipping.stderr)
        XCTAssertTrue(
            skipping.stderr.hasSuffix("influxdump: 1 damaged segment(s) were skipped (listed above); the rest was restored\n"),
            skipping.stderr)
        let diff = try DatabaseComparator(
            source: server.client(), sourceDB: Self.db, destination: server.client(), destinationDB: "skipping"
        ).compare()
        // Only the damaged segment's measurement is missing (its points, series and field keys).
        XCTAssertFalse(diff.differences.isEmpty)
        for d in diff.differences {
            XCTAssertTrue(d.what.contains("strs") || d.what.contains("73747273"), d.what)
        }
        XCTAssertTrue(diff.differences.contains { $0.what.hasPrefix("autogen.strs window") }, "\(diff.differences.map(\.what))")
    }
}
