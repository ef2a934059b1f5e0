import Foundation
import XCTest

@testable import ArchiveFormat
@testable import InfluxAPI
@testable import LineProtocol
@testable import Restore
@testable import Support

/// A source whose header is all a session reads (the restorer is replaced).
private final class HeaderOnlySource: SegmentSource, @unchecked Sendable {
    let header: Manifest
    init(_ header: Manifest) { self.header = header }
    func nextSegment() throws -> LoadedSegment? { nil }
    func finish() throws -> Manifest { header }
}

/// `RestoreSession`'s decisions, with the per-archive restore replaced by a script: which
/// options each archive gets, its journal, the report and the ending error.
final class RestoreSessionTests: XCTestCase {
    var dir: TempDirectory!
    /// Options each archive was restored with, in order.
    var given: [RestoreOptions] = []
    /// What each archive's journal held when its restore began.
    var appliedBefore: [Set<String>?] = []
    var events: [String] = []

    override func setUpWithError() throws { dir = try TempDirectory() }
    override func tearDown() { dir.remove() }

    func header(cqs: Bool = true, users: [Manifest.User]? = []) -> Manifest {
        var m = Fixtures.manifest(complete: true, segments: [])
        m.users = users
        if !cqs { m.notes = [Manifest.continuousQueriesNotSaved] }
        return m
    }

    func options() -> RestoreOptions { RestoreOptions(destination: ClientConfiguration(baseURL: "http://h:1")) }

    /// A session over archives `names` (in the temporary folder, so their journals are too);
    /// archive i's restore returns `reports[i]` (or throws `failAt`'s error).
    func session(
        _ names: [String], headers: [Manifest]? = nil, options o: RestoreOptions? = nil, resume: Bool = false, stateDir: String? = nil,
        reports: [RestoreReport] = [], failAt: Int? = nil
    ) -> RestoreSession {
        let archives = names.enumerated().map { i, name in
            RestoreArchive(path: name == "-" ? "-" : dir.file(name), source: HeaderOnlySource(headers?[i] ?? header()))
        }
        let index = Locked(0)
        return RestoreSession(
            archives: archives, options: o ?? options(), resume: resume, stateDir: stateDir,
            onEvent: { [unowned self] in self.events.append("\($0)") },
            restoreArchive: { [unowned self] o, _ in
                let i = index.with { n in
                    defer { n += 1 }; return n
                }
                given.append(o)
                appliedBefore.append(o.journal?.applied)
                if i == failAt { throw RestoreError.segmentContent(path: "segments/x", problem: "scripted failure") }
                try o.journal?.markApplied("segments/\(i)")
                return i < reports.count ? reports[i] : RestoreReport()
            })
    }

    func report(points: Int64 = 0, corrupt: [String] = [], refusals: [String] = [], cqs: [String] = []) -> RestoreReport {
        var r = RestoreReport()
        r.points = points
        r.corrupt = corrupt
        r.refusals = refusals.map { .init(segment: $0, database: "db", dropped: 2, message: "field type conflict") }
        r.refusedContinuousQueries = cqs
        r.byDatabase["db"] = .init(segments: 1, points: points)
        return r
    }

    func testEndingErrorNamesTheWorstOutcomeOfTheWholeChain() throws {
        XCTAssertNil(try session(["a", "b"], reports: [report(points: 1), report(points: 2)]).run().ending)
        let refused = try session(
            ["a", "b"], reports: [report(refusals: ["segments/1", "segments/1"]), report(refusals: ["segments/2"])]
        ).run()
        XCTAssertEqual(refused.ending, .refused(points: 6, segments: 2), "points summed, segments counted once")
        XCTAssertEqual(
            try session(["a", "b"], reports: [report(cqs: ["c1: bad"]), report(refusals: ["segments/2"])]).run().ending,
            .refused(points: 2, segments: 1), "refused points come before a CQ not recreated")
        XCTAssertEqual(
            try session(["a", "b"], reports: [report(refusals: ["segments/1"]), report(corrupt: ["segments/9: bad"])]).run().ending,
            .skippedCorrupt(segments: 1), "a skipped segment comes first")
        let cq = try session(["a"], reports: [report(points: 5, cqs: ["c1: bad", "c2: bad"])]).run()
        XCTAssertEqual(cq.ending, .continuousQueriesRefused(count: 2))
        XCTAssertEqual(cq.report.points, 5, "the report comes with the ending error")
    }

    func testReportsAreAddedUpAcrossTheChain() throws {
        let s = session(["a", "b", "c"], reports: [report(points: 1), report(points: 2), report(points: 4)])
        let outcome = try s.run()
        XCTAssertEqual(outcome.report.points, 7)
        XCTAssertEqual(outcome.report.byDatabase["db"], .init(segments: 3, points: 7))
        XCTAssertEqual(s.inputs, ["a", "b", "c"].map(dir.file))
        XCTAssertEqual(
            events.filter { $0.hasPrefix("restoring") }, ["a", "b", "c"].enumerated().map { "restoring \($0 + 1)/3: \(dir.file($1))" })
        XCTAssertEqual(events.filter { $0.hasPrefix("started") }, ["started: a", "started: b", "started: c"])
        XCTAssertEqual(events.filter { $0.hasPrefix("finished") }, ["finished: a", "finished: b", "finished: c"])
    }

    func testContinuousQueriesAndUsersComeOnlyFromTheNewestArchive() throws {
        var o = options()
        o.withContinuousQueries = true
        o.withUsers = true
        o.userPasswords = ["u": "secret"]
        let user = Manifest.User(name: "u", admin: false, privileges: [.init(database: "db", privilege: "READ")])
        // The older archives recorded neither: checking them for CQs or users would refuse the restore.
        let s = session(
            ["a", "b", "c"], headers: [header(cqs: false, users: nil), header(cqs: false, users: nil), header(users: [user])], options: o)
        XCTAssertNoThrow(try s.check())
        _ = try s.run()
        XCTAssertEqual(given.map(\.withContinuousQueries), [false, false, true])
        XCTAssertEqual(given.map(\.withUsers), [false, false, true])
        XCTAssertEqual(given.map(\.userPasswords), [[:], [:], ["u": "secret"]])
        XCTAssertEqual(s.options(forArchive: 2).userPasswords, ["u": "secret"])

        let newestUnrecorded = session(["a", "b"], headers: [header(users: [user]), header(cqs: false, users: nil)], options: o)
        XCTAssertThrowsError(try newestUnrecorded.run()) { XCTAssertEqual($0 as? RestoreError, .continuousQueriesNotRecorded) }
        XCTAssertEqual(given.count, 3, "a refused check writes nothing")
    }

    func testChecksFindTheTargetDatabases() throws {
        var o = options()
        o.databaseMap = ["db": "copy"]
        let s = session(["a", "b"], options: o)
        try s.check()
        XCTAssertEqual(s.databases, ["copy"])
    }

    func testJournalIsRemovedOnlyWhenNothingWasCorrupt() throws {
        let s = session(["a", "b", "c"], reports: [report(), report(corrupt: ["segments/1: sha256 mismatch"]), report()])
        let journals = ["a", "b", "c"].map {
            RestoreJournal.path(archive: dir.file($0), target: RestoreSession.journalTarget(options()), stateDir: nil)
        }
        _ = try s.run()
        XCTAssertEqual(given.map { $0.journal?.path }, journals)
        XCTAssertEqual(journals.map { FileManager.default.fileExists(atPath: $0) }, [false, true, false])
        XCTAssertEqual(try String(contentsOfFile: journals[1], encoding: .utf8), "segments/1\n", "kept for --resume")
    }

    func testFailedArchiveKeepsItsJournalAndTheReportSoFar() throws {
        let s = session(["a", "b"], reports: [report(points: 3)], failAt: 1)
        XCTAssertThrowsError(try s.run())
        XCTAssertEqual(s.report.points, 3, "the archives that finished")
        XCTAssertEqual(s.databases, ["db"])
        let journal = RestoreJournal.path(archive: dir.file("b"), target: RestoreSession.journalTarget(options()), stateDir: nil)
        XCTAssertTrue(FileManager.default.fileExists(atPath: journal))
    }

    func testResumeSkipsWhatTheJournalRecords() throws {
        let journal = RestoreJournal.path(archive: dir.file("a"), target: RestoreSession.journalTarget(options()), stateDir: dir.path)
        try writeBytes(journal, u8("segments/0\nsegments/1\n"))
        _ = try session(["a"], resume: true, stateDir: dir.path).run()
        XCTAssertEqual(appliedBefore.first, ["segments/0", "segments/1"])
        XCTAssertEqual(events.filter { $0.hasPrefix("resuming") }, ["resuming: 2 segment(s) already written are skipped"])

        try writeBytes(journal, u8("segments/0\n"))
        _ = try session(["a"], resume: false, stateDir: dir.path).run()
        XCTAssertEqual(appliedBefore.last, [], "without --resume the journal starts over")
    }

    func testLockedJournalRestoresWithoutOne() throws {
        let path = RestoreJournal.path(archive: dir.file("a"), target: RestoreSession.journalTarget(options()), stateDir: nil)
        let held = try RestoreJournal(path: path, resume: false)
        for resume in [false, true] {
            events = []
            _ = try session(["a"], resume: resume).run()
            XCTAssertNil(given.last?.journal)
            XCTAssertTrue(
                events.contains { $0.hasPrefix("another restore of \(dir.file("a")) into this destination is running") }, "\(events)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: held.path), "the other restore's journal is left alone")
    }

    func testJournalThatCannotBeOpenedFailsOnlyAResume() throws {
        let missing = dir.file("no-such-dir")
        _ = try session(["a"], stateDir: missing).run()
        XCTAssertNil(given.last?.journal)
        XCTAssertEqual(events.filter { $0.hasSuffix("this restore cannot be resumed") }.count, 1, "\(events)")
        XCTAssertThrowsError(try session(["a"], resume: true, stateDir: missing).run()) {
            guard case .io(_, "write restore journal", _)? = $0 as? ArchiveError else { return XCTFail("\($0)") }
        }
    }

    func testStreamHasNoJournal() throws {
        _ = try session(["-"]).run()
        XCTAssertEqual(given.count, 1)
        XCTAssertNil(given[0].journal)
        XCTAssertEqual(events.filter { $0.hasPrefix("started") }, ["started: stdin"])
    }

    /// Journals already on disk were named with this key: a change orphans them.
    func testJournalTargetKeepsItsFormat() throws {
        var o = RestoreOptions(destination: ClientConfiguration(baseURL: "http://user:pw@h:8086"))
        XCTAssertEqual(RestoreSession.journalTarget(o), ClientConfiguration.redacted("http://user:pw@h:8086") + "||")
        o.database = "one"
        o.databaseMap = ["b": "B", "a": "A"]
        o.sourceDatabases = try NameFilter(including: ["/^x/", "b"])
        XCTAssertEqual(RestoreSession.journalTarget(o), ClientConfiguration.redacted("http://user:pw@h:8086") + "|one|a=A,b=B|/^x/,b")
        XCTAssertFalse(RestoreSession.journalTarget(o).contains("pw"))
    }

    func testChainRefusesTheStreamWithOtherInputs() throws {
        XCTAssertEqual(try RestoreArchive.chain(["-"]), ["-"])
        XCTAssertThrowsError(try RestoreArchive.chain([dir.path, "-"])) { XCTAssertEqual($0 as? RestoreError, .stdinWithOtherInputs) }
        XCTAssertThrowsError(try RestoreArchive.chain([dir.path])) { XCTAssertTrue($0 is ArchiveError, "\($0)") }
    }

    func testDryRunEndsInErrorOnlyForARefusedContinuousQuery() {
        var plan = RestorePlan(destination: "http://h:1", archives: ["a"], evaluatedAt: 0, start: nil, end: nil)
        XCTAssertNil(plan.endingError)
        plan.retentionWarnings = [
            .init(database: "db", retentionPolicy: "rp", measurement: "m", duration: 1, cutoff: 0, points: 1, segments: 1)
        ]
        plan.continuousQueries = [
            .init(database: "db", name: "ok", action: .create, query: "q", reason: nil),
            .init(database: "db", name: "odd", action: .exists, query: "q", reason: "names database x"),
        ]
        XCTAssertNil(plan.endingError, "warnings alone end in success")
        plan.continuousQueries! += [
            .init(database: "db", name: "bad", action: .refuse, query: "q", reason: "cannot be renamed"),
            .init(database: "db", name: "bad2", action: .refuse, query: "q", reason: "cannot be renamed"),
        ]
        XCTAssertEqual(plan.endingError, .continuousQueriesRefused(count: 2))
    }
}
