import Foundation
import Logging
import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import InfluxAPI
@testable import Support

/// What `DumpSession` chooses and what a dump that stopped before its manifest leaves. The
/// dumps here fail at once: their server does not answer (a refused loopback port).
final class DumpSessionTests: XCTestCase {
    private var dir: TempDirectory!
    private let logger = Logger(label: "test")

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir?.remove(); dir = nil }

    private var unreachable: DumpOptions {
        var o = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        o.retry = RetryPolicy(maxRetries: 0)
        return o
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// A dump that journaled its plan and `saved` finished queries, then was killed.
    private func interruptedDump(_ name: String, saved: Int, key: String? = nil) throws -> String {
        let root = dir.file(name)
        let writer = try DirectoryArchiveWriter(root: root, resumeKey: key)
        let tasks = (0..<3).map {
            DumpTask(index: $0, database: "db", retentionPolicy: "autogen", measurement: "cpu", start: 0, end: 1, unboundedAbove: false)
        }
        try writer.begin(header: Fixtures.manifest(complete: false, segments: []), tasks: tasks)
        for i in 0..<saved { try writer.queryCompleted(i, saved: SavedQuery(segments: [])) }
        writer.releaseLock()
        return root
    }

    func testMinusIsTheStreamOnStdoutAndAnythingElseADirectory() {
        XCTAssertEqual(DumpSession.Output(path: "-"), .stream(fileDescriptor: 1))
        XCTAssertEqual(DumpSession.Output(path: "-", resume: true), .stream(fileDescriptor: 1))
        XCTAssertEqual(DumpSession.Output(path: "out", resume: true), .directory("out", resume: true, resumeKey: nil))
        XCTAssertEqual(DumpSession.Output(path: "./-"), .directory("./-"))
    }

    func testADumpThatSavedNothingRemovesWhatItMade() throws {
        let root = dir.file("new")
        let session = DumpSession(output: .directory(root), logger: logger)
        XCTAssertThrowsError(try session.run(unreachable))
        XCTAssertEqual(session.leftover, .removed)
        XCTAssertNil(session.published)
        XCTAssertFalse(exists(root), "the directory the dump made is gone: the same command can run again")
    }

    func testADumpThatSavedAQueryIsKeptUnlockedForResume() throws {
        let root = try interruptedDump("saved", saved: 2, key: "k")
        let session = DumpSession(output: .directory(root, resume: true, resumeKey: "k"), logger: logger, ownsDirectory: true)
        XCTAssertThrowsError(try session.run(unreachable))
        XCTAssertEqual(session.leftover, .kept(savedQueries: 2))
        XCTAssertFalse(DirectoryLock.isHeld(root: root), "the next run of this process can resume it")
        XCTAssertEqual(DirectoryArchiveWriter.resumeKey(ofInterruptedDumpIn: root), "k")
        XCTAssertEqual(try DirectoryArchiveWriter(root: root, resume: true).resumeState?.completed.count, 2, "the journal is intact")
    }

    /// `dump --resume` leaves a directory it did not make; a job's run directory is the job's,
    /// and a run that saved nothing removes it (the next run starts afresh).
    func testAResumedDumpThatSavedNothingRemovesItsDirectoryOnlyWhenItOwnsIt() throws {
        let users = try interruptedDump("users", saved: 0)
        let cli = DumpSession(output: .directory(users, resume: true), logger: logger)
        XCTAssertThrowsError(try cli.run(unreachable))
        XCTAssertEqual(cli.leftover, .removed)
        XCTAssertTrue(exists(users))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: users), [], "emptied")

        let jobs = try interruptedDump("job", saved: 0)
        let job = DumpSession(output: .directory(jobs, resume: true), logger: logger, ownsDirectory: true)
        XCTAssertThrowsError(try job.run(unreachable))
        XCTAssertEqual(job.leftover, .removed)
        XCTAssertFalse(exists(jobs))
    }

    func testAStreamHasNothingToSettle() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        let session = DumpSession(output: .stream(fileDescriptor: fds[1]), logger: logger)
        XCTAssertThrowsError(try session.run(unreachable)) { error in
            XCTAssertTrue(error is InfluxClientError, "the dump's own error, unchanged: \(error)")
        }
        XCTAssertNil(session.leftover)
    }

    func testOpeningALockedDirectoryFailsWithoutSettlingIt() throws {
        let root = dir.file("locked")
        let holder = try DirectoryArchiveWriter(root: root)
        let session = DumpSession(output: .directory(root, resume: true), logger: logger)
        XCTAssertThrowsError(try session.run(unreachable)) { error in
            XCTAssertEqual(error as? ArchiveError, .locked(path: root))
        }
        XCTAssertNil(session.leftover)
        XCTAssertTrue(exists(root), "another dump's directory is left alone")
        _ = holder
    }

    private func archive(_ name: String, complete: Bool) throws -> (String, Manifest) {
        let root = dir.file(name)
        let writer = try DirectoryArchiveWriter(root: root)
        let manifest = Fixtures.manifest(complete: complete, segments: [])
        try writer.begin(header: manifest, tasks: [DumpTask]())
        try writer.finish(manifest: manifest)
        writer.releaseLock()
        return (root, manifest)
    }

    func testOnlyAResumeIntoADirectoryLooksForACompleteArchive() throws {
        let (root, manifest) = try archive("complete", complete: true)
        XCTAssertEqual(try DumpSession(output: .directory(root, resume: true), logger: logger).completeArchive(), manifest)
        XCTAssertNil(try DumpSession(output: .directory(root), logger: logger).completeArchive(), "without --resume")
        XCTAssertNil(try DumpSession(output: .directory(dir.file("none"), resume: true), logger: logger).completeArchive())
        XCTAssertNil(try DumpSession(output: .stream(fileDescriptor: 1), logger: logger).completeArchive())

        let (unfinished, _) = try archive("unfinished", complete: false)
        XCTAssertThrowsError(try DumpSession(output: .directory(unfinished, resume: true), logger: logger).completeArchive()) { error in
            XCTAssertEqual(error as? ArchiveError, .incomplete(path: unfinished))
        }
    }
}
