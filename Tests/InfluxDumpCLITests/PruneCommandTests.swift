import Foundation
import XCTest

@testable import ArchiveFormat
@testable import InfluxDumpCLI

final class PruneCommandTests: XCTestCase {
    var folder: String!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-prune-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
        super.tearDown()
    }

    /// A complete archive made at `createdAt`, continuing `parent`.
    func archive(_ name: String, _ createdAt: String, parent: String? = nil) throws {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(atPath: path + "/segments", withIntermediateDirectories: true)
        let m = Manifest(
            complete: true, tool: .init(name: "influxdump", version: "0.1.0"), server: .init(url: "http://db:8086", version: "1.6.7"),
            createdAt: createdAt,
            parameters: .init(
                databases: [], retentionPolicies: [], measurements: [], compressionLevel: 1, segmentSize: 1, segmentPoints: 1),
            databases: [], segments: [], findings: [], job: "nightly",
            parent: parent.map { .init(path: $0, createdAt: createdAt) }, watermarks: nil, pointsWithoutFields: nil)
        let bytes = try m.encoded()
        FileManager.default.createFile(atPath: path + "/" + Manifest.digestFileName, contents: Data(Manifest.digestLine(bytes).utf8))
        FileManager.default.createFile(atPath: path + "/" + Manifest.fileName, contents: Data(bytes))
    }

    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }

    func testDryRunThenPrune() throws {
        try archive("20261101T030000Z", "2026-11-01T03:00:00Z")
        try archive("20261102T030000Z", "2026-11-02T03:00:00Z", parent: "20261101T030000Z")
        try archive("20261103T030000Z", "2026-11-03T03:00:00Z")
        try archive("20261103T150000Z", "2026-11-03T15:00:00Z")
        try archive("20261104T030000Z", "2026-11-04T03:00:00Z", parent: "20261102T030000Z")
        // A dump still running (no manifest) and a leftover of an interrupted prune.
        try FileManager.default.createDirectory(atPath: folder + "/20261105T030000Z/segments", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/.pruning-20261001T030000Z", withIntermediateDirectories: true)
        let before = try entries()

        var (status, message) = Entrypoint.execute(["prune", folder, "--keep-daily", "2", "--dry-run"])
        XCTAssertEqual(status, .success, message ?? "")
        XCTAssertEqual(try entries(), before, "a dry run removes nothing")

        (status, message) = Entrypoint.execute(["prune", folder, "--keep-daily", "2"])
        XCTAssertEqual(status, .success, message ?? "")
        // Days 4 and 3 (newest of 3rd: 15:00); the newest continues 02, which continues 01.
        XCTAssertEqual(
            try entries(), ["20261101T030000Z", "20261102T030000Z", "20261103T150000Z", "20261104T030000Z", "20261105T030000Z"],
            "03T03 removed; the chain, the running dump kept; the interrupted prune's leftover cleaned")
    }

    /// A run a dump left without a manifest (killed): its lock file, journal and a segment.
    func unfinishedRun(_ name: String) throws {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(atPath: path + "/segments", withIntermediateDirectories: true)
        for file in [DirectoryArchiveWriter.lockName, DirectoryArchiveWriter.journalName, "segments/000000.0.000.lp.zst"] {
            FileManager.default.createFile(atPath: path + "/" + file, contents: Data("x\n".utf8))
        }
    }

    func testUnfinishedRunsAreRemovedOnlyOnceNoProcessHoldsTheirLock() throws {
        try archive("20261101T030000Z", "2026-11-01T03:00:00Z")
        try unfinishedRun("20261102T030000Z")  // killed: nobody holds its lock
        try unfinishedRun("20261103T030000Z")  // running: its lock is held
        try FileManager.default.createDirectory(atPath: folder + "/notes", withIntermediateDirectories: true)  // not a dump's
        // As a running dump holds it: an exclusive flock on the lock file.
        let held = open(folder + "/20261103T030000Z/" + DirectoryArchiveWriter.lockName, O_RDWR)
        XCTAssertEqual(flock(held, LOCK_EX | LOCK_NB), 0)
        let before = try entries()

        var (status, message) = Entrypoint.execute(["prune", folder, "--keep-last", "1", "--dry-run"])
        XCTAssertEqual(status, .success, message ?? "")
        XCTAssertEqual(try entries(), before, "a dry run removes nothing")

        (status, message) = Entrypoint.execute(["prune", folder, "--keep-last", "1"])
        XCTAssertEqual(status, .success, message ?? "")
        XCTAssertEqual(
            try entries(), ["20261101T030000Z", "20261103T030000Z", "notes"],
            "the killed run is removed; the running one and a folder no dump made stay")

        close(held)
        (status, message) = Entrypoint.execute(["prune", folder, "--keep-last", "1"])
        XCTAssertEqual(status, .success, message ?? "")
        XCTAssertEqual(try entries(), ["20261101T030000Z", "notes"], "once its lock is free it is removed too")
    }

    func testUsageErrors() throws {
        try archive("20261101T030000Z", "2026-11-01T03:00:00Z")
        let cases: [([String], String)] = [
            (["prune", folder], "say what to keep: --keep-last, --keep-daily and/or --keep-within"),
            (["prune", folder, "--keep-last", "0"], "--keep-last must be a positive number, got 0"),
            (["prune", folder, "--keep-within", "forever"], #"--keep-within "forever": expected a duration such as 36h or 30d"#),
            (["prune", folder + "/nope", "--keep-last", "1"], "\(folder!)/nope: no such directory"),
            (
                ["prune", folder + "/20261101T030000Z", "--keep-last", "1"],
                "\(folder!)/20261101T030000Z is one archive; give the job's archive folder that holds the archives"
            ),
        ]
        for (args, expected) in cases {
            let (status, message) = Entrypoint.execute(args)
            XCTAssertEqual(status, .usage, "\(args)")
            XCTAssertEqual(message, expected)
        }
        XCTAssertEqual(try entries(), ["20261101T030000Z"])
    }
}
