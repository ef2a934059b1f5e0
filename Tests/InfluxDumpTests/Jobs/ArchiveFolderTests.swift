import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Jobs
@testable import Support

final class ArchiveFolderTests: XCTestCase {
    private var dir: TempDirectory!

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir?.remove(); dir = nil }

    // Run names, oldest first.
    private let a = "20261101T030000Z", b = "20261102T030000Z", c = "20261103T030000Z", d = "20261104T030000Z", e = "20261105T030000Z"

    /// An archive directory `name` with a manifest (complete unless told), continuing `parent`.
    @discardableResult
    private func archive(_ name: String, parent: String? = nil, complete: Bool = true) throws -> String {
        let path = dir.file(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var m = Fixtures.manifest(complete: complete, segments: [])
        m.job = "nightly"
        m.parent = parent.map { Manifest.Parent(path: $0, createdAt: "2026-11-01T03:00:00Z") }
        let bytes = try m.encoded()
        try writeBytes(path + "/" + Manifest.fileName, bytes)
        try writeBytes(path + "/" + Manifest.digestFileName, Array(Manifest.digestLine(bytes).utf8))
        return path
    }

    private func date(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)!
    }

    private func remaining() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    /// A, B(A), C(B), D, E(D).
    private func twoChains() throws {
        try archive(a)
        try archive(b, parent: a)
        try archive(c, parent: b)
        try archive(d)
        try archive(e, parent: d)
    }

    // MARK: runName

    func testRunName() {
        XCTAssertEqual(ArchiveFolder.runName(date("2026-11-21T03:00:00Z")), "20261121T030000Z")
        XCTAssertEqual(ArchiveFolder.runName(date("2026-11-21T03:00:00.999Z")), "20261121T030000Z")
        XCTAssertEqual(ArchiveFolder.runName(date("2026-11-21T04:05:06+01:00")), "20261121T030506Z")
        XCTAssertEqual(ArchiveFolder.runName(date("1970-01-01T00:00:00Z")), "19700101T000000Z")
        XCTAssertEqual(ArchiveFolder.runName(date("2026-12-31T23:59:59Z")), "20261231T235959Z")
    }

    func testRunTimeOfAName() {
        XCTAssertEqual(ArchiveFolder.runTime("20261121T030000Z"), Timestamp.parse("2026-11-21T03:00:00Z"))
        XCTAssertEqual(ArchiveFolder.runTime("20261121T030000Z-2"), Timestamp.parse("2026-11-21T03:00:00Z"))
        XCTAssertNil(ArchiveFolder.runTime("20261321T030000Z"), "month 13")
        XCTAssertNil(ArchiveFolder.runTime("backup-monday"))
        XCTAssertNil(ArchiveFolder.runTime(""))
    }

    func testNewRunDirectoryAvoidsExistingNames() throws {
        let folder = ArchiveFolder(root: dir.path)
        let t = date("2026-11-21T03:00:00Z")
        XCTAssertEqual(try folder.newRun(t).location, dir.path + "/20261121T030000Z")
        try FileManager.default.createDirectory(atPath: dir.file("20261121T030000Z"), withIntermediateDirectories: false)
        XCTAssertEqual(try folder.newRun(t).location, dir.path + "/20261121T030000Z-2")
        try FileManager.default.createDirectory(atPath: dir.file("20261121T030000Z-2"), withIntermediateDirectories: false)
        XCTAssertEqual(try folder.newRun(t).location, dir.path + "/20261121T030000Z-3")
    }

    // MARK: archives

    func testArchivesOldestFirstSkippingIncompleteAndStrays() throws {
        try archive(c)
        try archive(a)
        try archive(b, parent: a)
        try archive(d, complete: false)  // a run that did not finish
        try FileManager.default.createDirectory(atPath: dir.file(e), withIntermediateDirectories: false)  // no manifest
        try Data("junk".utf8).write(to: URL(fileURLWithPath: dir.file("notes.txt")))  // a file
        try FileManager.default.createDirectory(atPath: dir.file("20261106T030000Z"), withIntermediateDirectories: false)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: dir.file("20261106T030000Z/manifest.json")))

        let found = try ArchiveFolder(root: dir.path).archives()
        XCTAssertEqual(found.map(\.name), [a, b, c])
        XCTAssertEqual(found.map { $0.manifest.parent?.path }, [nil, a, nil])
        XCTAssertEqual(found.map { $0.manifest.job }, ["nightly", "nightly", "nightly"])
    }

    func testArchivesOfMissingFolderIsEmpty() {
        XCTAssertTrue(try ArchiveFolder(root: dir.file("nope")).archives().isEmpty)
    }

    // MARK: prune

    func testPruneKeepOneKeepsTheLastChain() throws {
        try twoChains()
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 1), [a, b, c])
        XCTAssertEqual(try remaining(), [d, e])
    }

    func testPruneKeepTwo() throws {
        try twoChains()
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 2), [a, b, c])
        XCTAssertEqual(try remaining(), [d, e])
    }

    func testPruneKeepThreeNeedsTheWholeFirstChain() throws {
        try twoChains()
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 3), [])
        XCTAssertEqual(try remaining(), [a, b, c, d, e])
    }

    func testPruneWithFewerArchivesThanKeep() throws {
        try twoChains()
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 5), [])
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 50), [])
        XCTAssertEqual(try remaining(), [a, b, c, d, e])
    }

    func testPruneKeepsAnOldAncestorAndRemovesANewerUnrelatedArchive() throws {
        // A, B(A), C full, D(B): D needs B and A, not C.
        try archive(a)
        try archive(b, parent: a)
        try archive(c)
        try archive(d, parent: b)
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 1), [c])
        XCTAssertEqual(try remaining(), [a, b, d])
    }

    func testPruneOnlyFullArchives() throws {
        for name in [a, b, c, d, e] { try archive(name) }
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 2), [a, b, c])
        XCTAssertEqual(try remaining(), [d, e])
    }

    func testPruneLeavesRunsInProgressAndForeignEntries() throws {
        try twoChains()
        // A run in progress: segments, its digest, no manifest.json yet.
        try FileManager.default.createDirectory(atPath: dir.file("20261106T030000Z/segments"), withIntermediateDirectories: true)
        try writeBytes(dir.file("20261106T030000Z/" + Manifest.digestFileName), Array("0  manifest.json\n".utf8))
        try FileManager.default.createDirectory(atPath: dir.file("other"), withIntermediateDirectories: false)
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 1), [a, b, c])
        XCTAssertEqual(try remaining(), [d, e, "20261106T030000Z", "other"].sorted())
    }

    /// A link whose manifest cannot be read may be needed by a kept archive: deciding without
    /// it would delete the base of its chain. Prune refuses and removes nothing.
    func testPruneRefusesWhileAnArchiveCannotBeRead() throws {
        try twoChains()
        try writeBytes(dir.file(b) + "/" + Manifest.digestFileName, Array("0000  manifest.json\n".utf8))  // B's digest no longer matches
        let before = try remaining()
        XCTAssertThrowsError(try ArchiveFolder(root: dir.path).prune(PrunePolicy(keepLast: 1))) { error in
            XCTAssertTrue("\(error)".hasPrefix(dir.file(b) + "/manifest.json: unreadable manifest: "), "\(error)")
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    "prune decides nothing while an archive of the folder cannot be read (repair it, or move it out of \(dir.path))"),
                "\(error)")
        }
        XCTAssertEqual(try remaining(), before)
        try archive(b, parent: a)
        try archive(c, parent: b, complete: false)  // not written by influxdump: not trusted either
        XCTAssertThrowsError(try ArchiveFolder(root: dir.path).prune(PrunePolicy(keepLast: 1)))
        XCTAssertEqual(try remaining(), before)
    }

    /// An interrupted prune's hidden leftover, even one still holding its manifest, is never
    /// an archive: not listed, not chained, and deleted by the next prune.
    func testPruningLeftoversAreNotArchives() throws {
        try twoChains()
        try archive(".pruning-20261001T030000Z")
        XCTAssertEqual(try ArchiveFolder(root: dir.path).archives().map(\.name), [a, b, c, d, e])
        XCTAssertEqual(try ArchiveFolder(root: dir.path).prune(keepLast: 1), [a, b, c])
        XCTAssertEqual(try remaining(), [d, e])
    }

    // MARK: chain

    func testChainOrdersBaseFirst() throws {
        try twoChains()
        let paths = [e, c, a, d, b].map { dir.file($0) }
        XCTAssertEqual(try ArchiveFolder.chain(paths), [a, b, c, d, e].map { dir.file($0) })
        XCTAssertEqual(try ArchiveFolder.chain([dir.file(e), dir.file(d)]), [dir.file(d), dir.file(e)])
        XCTAssertEqual(try ArchiveFolder.chain([dir.file(d)]), [dir.file(d)])
        XCTAssertEqual(try ArchiveFolder.chain([]), [])
    }

    func testChainMissingParent() throws {
        try twoChains()
        // C continues B, which is not given.
        let paths = [dir.file(a), dir.file(c)]
        XCTAssertThrowsError(try ArchiveFolder.chain(paths)) { error in
            XCTAssertEqual(
                error as? ArchiveError,
                .manifestUnreadable(
                    path: dir.file(c) + "/manifest.json",
                    message: "continues archive \(b), which is not among the inputs before it (give the whole chain or the job folder)"))
            XCTAssertEqual(
                "\(error)",
                dir.file(c)
                    + "/manifest.json: unreadable manifest: continues archive \(b), which is not among the inputs before it (give the whole chain or the job folder)"
            )
        }
        // An increment alone.
        XCTAssertThrowsError(try ArchiveFolder.chain([dir.file(e)])) { error in
            XCTAssertEqual(
                error as? ArchiveError,
                .manifestUnreadable(
                    path: dir.file(e) + "/manifest.json",
                    message: "continues archive \(d), which is not among the inputs before it (give the whole chain or the job folder)"))
        }
    }

    func testChainParentNamedLaterIsAnError() throws {
        // An archive whose parent sorts after it cannot be restored in name order.
        try archive(a, parent: b)
        try archive(b)
        XCTAssertThrowsError(try ArchiveFolder.chain([dir.file(b), dir.file(a)])) { error in
            XCTAssertEqual(
                error as? ArchiveError,
                .manifestUnreadable(
                    path: dir.file(a) + "/manifest.json",
                    message: "continues archive \(b), which is not among the inputs before it (give the whole chain or the job folder)"))
        }
    }

    func testChainOfADirectoryWithoutManifest() throws {
        let empty = dir.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        XCTAssertThrowsError(try ArchiveFolder.chain([empty])) { error in
            XCTAssertEqual(error as? ArchiveError, .notAnArchive(path: empty))
        }
    }
}
