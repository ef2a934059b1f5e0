import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Restore

final class RestoreJournalTests: XCTestCase {
    var dir: TempDirectory!

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir.remove() }

    func testPathIsHiddenBesideTheArchiveOnePerDestination() throws {
        let archive = dir.file("20261121T030000Z")
        let path = RestoreJournal.path(archive: archive, target: "http://h:1||", stateDir: nil)
        XCTAssertEqual((path as NSString).deletingLastPathComponent, URL(fileURLWithPath: dir.path).standardizedFileURL.path)
        let name = (path as NSString).lastPathComponent
        XCTAssertTrue(name.hasPrefix(".20261121T030000Z.restore-") && name.hasSuffix(".journal"), name)
        XCTAssertEqual(path, RestoreJournal.path(archive: archive, target: "http://h:1||", stateDir: nil), "stable")
        XCTAssertEqual(path, RestoreJournal.path(archive: dir.path + "/./x/../20261121T030000Z", target: "http://h:1||", stateDir: nil))
        XCTAssertNotEqual(path, RestoreJournal.path(archive: archive, target: "http://h:2||", stateDir: nil), "another destination")
        let elsewhere = RestoreJournal.path(archive: archive, target: "http://h:1||", stateDir: "/var/lib/state")
        XCTAssertEqual(elsewhere, "/var/lib/state/" + name, "--state-dir keeps the same name")
    }

    func testAppliedSegmentsSurviveAReopenWithResumeOnly() throws {
        let path = dir.file("j")
        do {  // a restore that was killed: its journal stays, unlocked
            let first = try RestoreJournal(path: path, resume: false)
            try first.markApplied("segments/a")
            try first.markApplied("segments/b")
            XCTAssertEqual(first.applied, ["segments/a", "segments/b"])
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "segments/a\nsegments/b\n", "written at once, one per line")
        }
        let resumed = try RestoreJournal(path: path, resume: true)
        XCTAssertEqual(resumed.applied, ["segments/a", "segments/b"])
        try resumed.markApplied("segments/c")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "segments/a\nsegments/b\nsegments/c\n", "appended")
        resumed.remove()
        try writeBytes(path, u8("segments/a\n"))
        let fresh = try RestoreJournal(path: path, resume: false)
        XCTAssertEqual(fresh.applied, [])
        XCTAssertEqual(try readBytes(path), [], "a restore without --resume starts the journal over")
    }

    func testUnsafeLinesAreNotTrusted() throws {
        let path = dir.file("j")
        try writeBytes(path, u8("segments/ok\n../../etc/passwd\nsegments/.hidden\nsegments/\n\nsegments/half"))
        XCTAssertEqual(try RestoreJournal(path: path, resume: true).applied, ["segments/ok", "segments/half"])
    }

    func testSecondJournalOfTheSameFileIsLocked() throws {
        let path = dir.file("j")
        let held = try RestoreJournal(path: path, resume: false)
        try held.markApplied("segments/a")
        XCTAssertThrowsError(try RestoreJournal(path: path, resume: true)) { XCTAssertEqual($0 as? ArchiveError, .locked(path: path)) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "segments/a\n", "the locked-out one truncates nothing")
        XCTAssertThrowsError(try RestoreJournal(path: path, resume: false))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "segments/a\n")
    }

    func testRemoveDeletesTheFile() throws {
        let path = dir.file("j")
        let journal = try RestoreJournal(path: path, resume: false)
        try journal.markApplied("segments/a")
        journal.remove()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertNoThrow(try RestoreJournal(path: path, resume: false), "the lock went with it")
    }

    func testUnwritableFolderSaysWhatToDo() throws {
        let path = dir.file("missing/j")
        XCTAssertThrowsError(try RestoreJournal(path: path, resume: false)) {
            XCTAssertTrue("\($0)".hasPrefix("\(path): write restore journal failed: "), "\($0)")
            XCTAssertTrue("\($0)".hasSuffix("give --state-dir DIR to keep it elsewhere"), "\($0)")
        }
    }
}
