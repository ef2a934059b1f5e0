import Foundation
import XCTest

@testable import Jobs

final class RotatingLogFileTests: XCTestCase {
    private var dir: TempDirectory!

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir?.remove(); dir = nil }

    /// A clock the test moves by hand.
    private final class Clock {
        var now: Date
        init(_ text: String) { now = Clock.parse(text) }
        func set(_ text: String) { now = Clock.parse(text) }
        static func parse(_ text: String) -> Date {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            return f.date(from: text)!
        }
    }

    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue & 0o777
    }

    private func logFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    // MARK: size

    func testSizeRotationKeepsNumberedFiles() throws {
        let path = dir.file("job.log")
        // Each line is 7 bytes with its newline; 2 fit in 20 bytes, a third rotates.
        let log = try RotatingLogFile(path: path, rotation: .size(20), keep: 3)
        for i in 1...10 {
            log.write(String(format: "line%02d", i))
            XCTAssertFalse(exists(path + ".4"), "after line \(i)")
        }
        XCTAssertEqual(contents(path), "line09\nline10\n")
        XCTAssertEqual(contents(path + ".1"), "line07\nline08\n")
        XCTAssertEqual(contents(path + ".2"), "line05\nline06\n")
        XCTAssertEqual(contents(path + ".3"), "line03\nline04\n")
        XCTAssertEqual(try logFiles(), ["job.log", "job.log.1", "job.log.2", "job.log.3"])
    }

    func testSizeRotationStepByStep() throws {
        let path = dir.file("job.log")
        let log = try RotatingLogFile(path: path, rotation: .size(20), keep: 2)
        log.write("line01"); log.write("line02")
        XCTAssertEqual(contents(path), "line01\nline02\n")
        XCTAssertFalse(exists(path + ".1"))
        log.write("line03")
        XCTAssertEqual(contents(path), "line03\n")
        XCTAssertEqual(contents(path + ".1"), "line01\nline02\n")
        XCTAssertFalse(exists(path + ".2"))
        log.write("line04"); log.write("line05")
        XCTAssertEqual(contents(path), "line05\n")
        XCTAssertEqual(contents(path + ".1"), "line03\nline04\n")
        XCTAssertEqual(contents(path + ".2"), "line01\nline02\n")
        log.write("line06"); log.write("line07")
        XCTAssertEqual(contents(path), "line07\n")
        XCTAssertEqual(contents(path + ".1"), "line05\nline06\n")
        XCTAssertEqual(contents(path + ".2"), "line03\nline04\n")
        XCTAssertFalse(exists(path + ".3"))
    }

    func testSizeRotationKeepOne() throws {
        let path = dir.file("job.log")
        let log = try RotatingLogFile(path: path, rotation: .size(10), keep: 1)
        for i in 1...5 { log.write("line\(i)") }  // 6 bytes each: one per file
        XCTAssertEqual(contents(path), "line5\n")
        XCTAssertEqual(contents(path + ".1"), "line4\n")
        XCTAssertFalse(exists(path + ".2"))
    }

    func testLineLargerThanLimitIsWrittenWhole() throws {
        let path = dir.file("job.log")
        let log = try RotatingLogFile(path: path, rotation: .size(5), keep: 2)
        log.write("a long line")
        XCTAssertEqual(contents(path), "a long line\n")
        XCTAssertFalse(exists(path + ".1"))
        log.write("b")
        XCTAssertEqual(contents(path), "b\n")
        XCTAssertEqual(contents(path + ".1"), "a long line\n")
    }

    func testSizeCountsExistingContent() throws {
        let path = dir.file("job.log")
        try Data("old12345\n".utf8).write(to: URL(fileURLWithPath: path))  // 9 bytes
        let log = try RotatingLogFile(path: path, rotation: .size(16), keep: 2)
        log.write("new1234")  // 9 + 8 = 17 > 16: rotates first
        XCTAssertEqual(contents(path), "new1234\n")
        XCTAssertEqual(contents(path + ".1"), "old12345\n")
    }

    func testNoRotationAppends() throws {
        let path = dir.file("job.log")
        try Data("before\n".utf8).write(to: URL(fileURLWithPath: path))
        let log = try RotatingLogFile(path: path, rotation: .none, keep: 1)
        for i in 1...50 { log.write("line \(i)") }
        XCTAssertEqual(contents(path), "before\n" + (1...50).map { "line \($0)\n" }.joined())
        XCTAssertEqual(try logFiles(), ["job.log"])
    }

    // MARK: daily

    func testDailyRotationAcrossMidnight() throws {
        let path = dir.file("job.log")
        let clock = Clock("2026-03-10T23:58:00Z")
        let log = try RotatingLogFile(path: path, rotation: .daily, keep: 2, now: { clock.now })
        log.write("a")
        clock.set("2026-03-10T23:59:59Z")
        log.write("b")
        XCTAssertEqual(try logFiles(), ["job.log"])
        clock.set("2026-03-11T00:00:01Z")
        log.write("c")
        XCTAssertEqual(contents(path + ".2026-03-10"), "a\nb\n")
        XCTAssertEqual(contents(path), "c\n")
        clock.set("2026-03-12T10:00:00Z")
        log.write("d")
        XCTAssertEqual(try logFiles(), ["job.log", "job.log.2026-03-10", "job.log.2026-03-11"])
        XCTAssertEqual(contents(path + ".2026-03-11"), "c\n")
        // Two days later (nothing written on the 13th): the 12th's file; only 2 dated files kept.
        clock.set("2026-03-14T00:00:00Z")
        log.write("e")
        XCTAssertEqual(try logFiles(), ["job.log", "job.log.2026-03-11", "job.log.2026-03-12"])
        XCTAssertEqual(contents(path + ".2026-03-12"), "d\n")
        XCTAssertEqual(contents(path), "e\n")
    }

    func testDailyUsesUTCDays() throws {
        let path = dir.file("job.log")
        // 23:30 and 00:30 in UTC+2 are the same UTC day (21:30Z and 22:30Z).
        let clock = Clock("2026-07-10T21:30:00Z")
        let log = try RotatingLogFile(path: path, rotation: .daily, keep: 3, now: { clock.now })
        log.write("a")
        clock.set("2026-07-10T22:30:00Z")
        log.write("b")
        XCTAssertEqual(try logFiles(), ["job.log"])
        XCTAssertEqual(contents(path), "a\nb\n")
    }

    func testDailyRotationAfterRestartUsesFileDate() throws {
        let path = dir.file("job.log")
        try Data("yesterday\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Clock.parse("2026-03-09T12:00:00Z")], ofItemAtPath: path)
        let clock = Clock("2026-03-10T08:00:00Z")
        let log = try RotatingLogFile(path: path, rotation: .daily, keep: 7, now: { clock.now })
        log.write("today")
        XCTAssertEqual(contents(path + ".2026-03-09"), "yesterday\n")
        XCTAssertEqual(contents(path), "today\n")
    }

    // MARK: permissions

    func testFilesAreCreatedOwnerOnly() throws {
        let path = dir.file("logs/sub/job.log")  // parent folders are created
        let log = try RotatingLogFile(path: path, rotation: .size(4), keep: 2)
        XCTAssertEqual(try mode(path), 0o600)
        log.write("one")
        log.write("two")
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try mode(path + ".1"), 0o600)

        let daily = dir.file("daily.log")
        let clock = Clock("2026-03-10T12:00:00Z")
        let d = try RotatingLogFile(path: daily, rotation: .daily, keep: 2, now: { clock.now })
        d.write("x")
        clock.set("2026-03-11T12:00:00Z")
        d.write("y")
        XCTAssertEqual(try mode(daily), 0o600)
        XCTAssertEqual(try mode(daily + ".2026-03-10"), 0o600)
    }
}
