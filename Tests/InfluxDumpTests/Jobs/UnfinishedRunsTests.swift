import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import InfluxAPI
@testable import Jobs
@testable import LineProtocol

/// Which unfinished run of a job folder the next run resumes, which it removes, and which it
/// leaves alone (what a dump that stopped early leaves: `DumpSessionTests`).
final class UnfinishedRunsTests: XCTestCase {
    private var dir: TempDirectory!

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir?.remove(); dir = nil }

    /// A run killed after it journaled its plan with `key` (nil: killed before its plan).
    private func killedRun(_ name: String, key: String?) throws {
        let writer = try DirectoryArchiveWriter(root: dir.file(name), resumeKey: key)
        if key != nil { try writer.begin(header: Fixtures.manifest(complete: false, segments: []), tasks: [DumpTask]()) }
    }

    private func remaining() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func testTheNextRunResumesTheRunWithItsKeyAndRemovesTheOthersNoProcessHolds() throws {
        try killedRun("20261101T030000Z", key: "other options")
        try killedRun("20261102T030000Z", key: nil)
        try killedRun("20261103T030000Z", key: "mine")
        let running = try DirectoryArchiveWriter(root: dir.file("20261104T030000Z"), resumeKey: "mine")
        try FileManager.default.createDirectory(atPath: dir.file("20261105T030000Z"), withIntermediateDirectories: true)  // no dump's
        let folder = ArchiveFolder(root: dir.path)
        XCTAssertEqual(
            try folder.unfinishedRuns().map(\.name), ["20261101T030000Z", "20261102T030000Z", "20261103T030000Z", "20261104T030000Z"])

        let run = try folder.prepareRun(resumeKey: "mine", now: Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertEqual(
            run,
            ArchiveFolder.RunDirectory(
                path: dir.file("20261103T030000Z"), resume: true,
                removed: ["20261101T030000Z", "20261102T030000Z"], inUse: ["20261104T030000Z"]))
        XCTAssertEqual(try remaining(), ["20261103T030000Z", "20261104T030000Z", "20261105T030000Z"])
        _ = running
    }

    func testWithoutAMatchingRunANewDirectoryIsChosen() throws {
        try killedRun("20261101T030000Z", key: "other options")
        let run = try ArchiveFolder(root: dir.path).prepareRun(resumeKey: "mine", now: Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertFalse(run.resume)
        XCTAssertEqual(run.path, dir.file(ArchiveFolder.runName(Date(timeIntervalSince1970: 1_800_000_000))))
        XCTAssertEqual(try remaining(), [], "the run that cannot be resumed is gone; the new one is made by its dump")
    }

    func testTheResumeKeyChangesWithWhatTheDumpTakes() throws {
        let base = DumpOptions(source: ClientConfiguration(baseURL: "http://db:8086"))
        var filtered = base
        filtered.measurementFilter = try NameFilter(including: ["cpu"])
        var continuing = base
        continuing.parent = Manifest.Parent(path: "20261101T030000Z", createdAt: "2026-11-01T03:00:00Z")
        var otherUser = base
        otherUser.source = ClientConfiguration(baseURL: "http://db:8086", username: "reader", password: "not in the key")
        var tuned = base
        tuned.compressionLevel = 9
        tuned.jobs = 8
        let keys = [base, filtered, continuing, otherUser].map { ResumeKey(options: $0, startRule: nil).text }
        XCTAssertEqual(Set(keys).count, 4)
        XCTAssertFalse(keys[3].contains("not in the key"), "the password is never part of it")
        XCTAssertEqual(ResumeKey(options: tuned, startRule: nil).text, keys[0], "file settings are not part of it")
    }
}
