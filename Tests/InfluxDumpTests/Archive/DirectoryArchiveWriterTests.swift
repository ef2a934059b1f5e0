import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Dump

final class DirectoryArchiveWriterTests: XCTestCase {
    private var tmp: TempDirectory!

    override func setUpWithError() throws { tmp = try TempDirectory() }
    override func tearDown() { tmp.remove() }

    func testASecondWriterIsLockedOut() throws {
        let dir = tmp.file("locked")
        let first = try DirectoryArchiveWriter(root: dir)
        XCTAssertThrowsError(try DirectoryArchiveWriter(root: dir, resume: true)) { error in
            XCTAssertEqual(error as? ArchiveError, .locked(path: dir))
        }
        _ = first
    }

    func testResumeOfADumpKilledBeforeItsPlanStartsAfresh() throws {
        let dir = tmp.file("torn")
        try FileManager.default.createDirectory(atPath: dir + "/segments", withIntermediateDirectories: true)
        try Data("{\"plan\":{\"head".utf8).write(to: URL(fileURLWithPath: dir + "/" + DirectoryArchiveWriter.journalName))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/segments/000000.0.000.lp.zst.partial"))
        let writer = try DirectoryArchiveWriter(root: dir, resume: true)
        XCTAssertNil(writer.resumeState)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/segments"), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/" + DirectoryArchiveWriter.journalName))
    }

    func testResumeCutsATornLastJournalLine() throws {
        let dir = tmp.file("torn-tail")
        do {
            let writer = try DirectoryArchiveWriter(root: dir)
            try writer.begin(header: Fixtures.manifest(complete: false, segments: []), tasks: [DumpTask]())
        }
        let journal = dir + "/" + DirectoryArchiveWriter.journalName
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data("{\"task\":3,\"outc".utf8))
        try handle.close()
        let resumed = try DirectoryArchiveWriter(root: dir, resume: true)
        XCTAssertNotNil(resumed.resumeState)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n") && !text.contains("outc"), "the torn tail is cut so the next entry starts on its own line")
    }

    func testWithoutResumeAnInterruptedDumpIsNamed() throws {
        let dir = tmp.file("interrupted")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/" + DirectoryArchiveWriter.journalName))
        XCTAssertThrowsError(try DirectoryArchiveWriter(root: dir)) { error in
            XCTAssertEqual(error as? ArchiveError, .interruptedDumpPresent(path: dir))
        }
    }

    func testResumingACompleteArchiveIsRefused() throws {
        let dir = tmp.file("complete")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
        XCTAssertThrowsError(try DirectoryArchiveWriter(root: dir, resume: true)) { error in
            XCTAssertEqual(error as? ArchiveError, .resumeComplete(path: dir))
        }
    }

    func testAFileChangedOnDiskBeforePublishingIsRefused() throws {
        for size in [1_000, VerifiedFileSink.memoryCap + 10] {  // in-memory compare, and the hash fallback
            let dir = tmp.file("changed\(size)")
            let writer = try DirectoryArchiveWriter(root: dir)
            let path = "segments/000000.0.000.lp.zst"
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let sink = try writer.openSegment(path: path)
            try sink.write(bytes)
            try sink.finish()
            let record = Manifest.Segment(
                path: path, database: "d", retentionPolicy: "r", measurement: "m", windowStart: 0, windowEnd: 1, part: 0,
                points: 1, minTime: 0, maxTime: 0, rawBytes: 1, compressedBytes: Int64(size),
                sha256: HashingSink.hash(bytes), fields: [:])
            var damaged = bytes
            damaged[size / 2] ^= 0xFF
            try Data(damaged).write(to: URL(fileURLWithPath: dir + "/" + path + ".partial"))
            XCTAssertThrowsError(try writer.commitSegment(record, sink: sink), "size \(size)")
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + path + ".partial"))
            XCTAssertNoThrow(try writer.commitSegment(record, sink: sink), "size \(size)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + path))
        }
    }

    func testFilesAndFoldersArePrivate() throws {
        let dir = tmp.file("modes")
        let writer = try DirectoryArchiveWriter(root: dir)
        let sink = try writer.openSegment(path: "segments/x.lp.zst")
        try sink.write([1, 2, 3])
        try sink.finish()
        func mode(_ p: String) throws -> Int { try XCTUnwrap(FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int) }
        XCTAssertEqual(try mode(dir), 0o700)
        XCTAssertEqual(try mode(dir + "/segments"), 0o700)
        XCTAssertEqual(try mode(dir + "/segments/x.lp.zst.partial") & 0o077, 0)
    }
}
