import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import Schema

/// How the queries' outcomes are folded into the manifest.
final class DumpTotalsTests: XCTestCase {
    let cpu = MeasurementKey(database: "db", retentionPolicy: "autogen", measurement: "cpu")
    let mem = MeasurementKey(database: "db", retentionPolicy: "autogen", measurement: "mem")

    func task(_ index: Int, _ measurement: String = "cpu") -> DumpTask {
        DumpTask(
            index: index, database: "db", retentionPolicy: "autogen", measurement: measurement, start: Int64(index) * 100,
            end: Int64(index + 1) * 100, unboundedAbove: false)
    }

    func segment(_ measurement: String, maxTime: Int64, path: String) -> Manifest.Segment {
        var s = Fixtures.segment(
            path: path, measurement: measurement,
            stats: .init(points: 1, minTime: 0, maxTime: maxTime, rawBytes: 10, compressedBytes: 5, sha256: "x"))
        s.maxTime = maxTime
        return s
    }

    func testFindingsAreSummedBySentenceAndListedSortedWithTheirCounts() throws {
        let outcomes = [
            0: TaskOutcome(segments: [], findings: ["z problem": 2, "a problem": 1]),
            1: TaskOutcome(segments: [], findings: ["z problem": 3]),
        ]
        let totals = try DumpTotals(tasks: [task(0), task(1)], outcomes: outcomes, inheritedWatermarks: [:])
        XCTAssertEqual(totals.findings.counts, ["z problem": 5, "a problem": 1])
        XCTAssertEqual(totals.findings.total, 6)
        var manifest = Fixtures.manifest(complete: false, segments: [])
        totals.apply(to: &manifest, recordsWatermarks: false)
        XCTAssertEqual(manifest.findings, ["a problem (1 point(s) affected)", "z problem (5 point(s) affected)"])
    }

    func testSegmentsFollowThePlanOrderWhateverOrderTheQueriesFinishedIn() throws {
        let outcomes = [
            1: TaskOutcome(segments: [segment("cpu", maxTime: 150, path: "b")]),
            0: TaskOutcome(segments: [segment("cpu", maxTime: 50, path: "a")]),
        ]
        let totals = try DumpTotals(tasks: [task(0), task(1)], outcomes: outcomes, inheritedWatermarks: [:])
        XCTAssertEqual(totals.segments.map(\.path), ["a", "b"])
    }

    func testAWatermarkIsTheNewestSavedPointElseTheInheritedOneAndOnlyJobsRecordThem() throws {
        let outcomes = [
            0: TaskOutcome(segments: [segment("cpu", maxTime: 150, path: "a")]),
            1: TaskOutcome(segments: [segment("cpu", maxTime: 120, path: "b")]),
        ]
        let totals = try DumpTotals(tasks: [task(0), task(1)], outcomes: outcomes, inheritedWatermarks: [cpu: 500, mem: 42])
        XCTAssertEqual(totals.watermarks, [cpu: 500, mem: 42], "an inherited mark newer than every point stays")
        let newer = try DumpTotals(tasks: [task(0), task(1)], outcomes: outcomes, inheritedWatermarks: [cpu: 100, mem: 42])
        XCTAssertEqual(newer.watermarks, [cpu: 150, mem: 42], "the newest point of all windows")

        var job = Fixtures.manifest(complete: false, segments: [])
        newer.apply(to: &job, recordsWatermarks: true)
        XCTAssertEqual(job.watermarks?.map(\.measurement), ["cpu", "mem"])
        XCTAssertEqual(job.watermarks?.map(\.time), [150, 42])
        var plain = Fixtures.manifest(complete: false, segments: [])
        newer.apply(to: &plain, recordsWatermarks: false)
        XCTAssertNil(plain.watermarks)
    }

    func testPointsWithoutFieldsAreSummedAndLeftOutOfTheManifestWhenThereAreNone() throws {
        let some = try DumpTotals(
            tasks: [task(0), task(1)],
            outcomes: [0: TaskOutcome(segments: [], pointsWithoutFields: 3), 1: TaskOutcome(segments: [], pointsWithoutFields: 4)],
            inheritedWatermarks: [:])
        var manifest = Fixtures.manifest(complete: false, segments: [])
        some.apply(to: &manifest, recordsWatermarks: false)
        XCTAssertEqual(manifest.pointsWithoutFields, 7)

        let none = try DumpTotals(tasks: [task(0)], outcomes: [0: TaskOutcome(segments: [])], inheritedWatermarks: [:])
        var clean = Fixtures.manifest(complete: false, segments: [])
        none.apply(to: &clean, recordsWatermarks: false)
        XCTAssertNil(clean.pointsWithoutFields)
        XCTAssertEqual(clean.findings, [])
    }

    func testAQueryWithoutAnOutcomeStopsThePublication() {
        XCTAssertThrowsError(
            try DumpTotals(tasks: [task(0), task(1)], outcomes: [0: TaskOutcome(segments: [])], inheritedWatermarks: [:])
        ) { error in
            XCTAssertEqual(error as? DumpError, .failed(task: task(1).label, underlying: "no result recorded"))
        }
    }
}
