import XCTest

@testable import Dump
@testable import LineProtocol
@testable import Schema

final class SeriesCountsTests: XCTestCase {
    let cpu = MeasurementKey(database: "db", retentionPolicy: "autogen", measurement: "cpu")
    let mem = MeasurementKey(database: "db", retentionPolicy: "autogen", measurement: "mem")

    func outcome(_ hashes: Range<UInt64>, overflow: Bool = false) -> TaskOutcome {
        TaskOutcome(segments: [], seriesHashes: Set(hashes), seriesOverflow: overflow)
    }

    func testDistinctAcrossWindows() {
        var c = SeriesCounts()
        c.count(outcome(0..<10), key: cpu)
        c.count(outcome(5..<15), key: cpu)  // the same series in the next window
        c.count(outcome(0..<3), key: mem)
        XCTAssertEqual(c.sets[cpu]??.count, 15)
        XCTAssertEqual(c.sets[mem]??.count, 3)
        XCTAssertEqual(c.held, 18)
    }

    func testAWindowOverTheEncoderLimitLeavesTheMeasurementUncounted() {
        var c = SeriesCounts()
        c.count(outcome(0..<10), key: cpu)
        c.count(outcome(0..<0, overflow: true), key: cpu)
        c.count(outcome(0..<10), key: cpu)
        XCTAssertEqual(c.sets[cpu], .some(nil), "uncounted, not a wrong number")
        XCTAssertEqual(c.held, 0, "its memory is given back")
    }

    func testTheWholeDumpHasOneBudget() {
        var c = SeriesCounts()
        let limit = UInt64(LineProtocolEncoder.seriesLimit)
        c.count(outcome(0..<(limit - 5)), key: cpu)
        c.count(outcome(0..<10), key: mem)
        XCTAssertEqual(c.sets[cpu]??.count, Int(limit - 5), "counted first, within the budget")
        XCTAssertEqual(c.sets[mem], .some(nil), "would pass the budget: not counted")
        XCTAssertEqual(c.held, Int(limit - 5))
    }
}

extension SeriesCountsTests {
    /// The manifest's `series`: the count, 0 for a measurement no window had a point of, absent
    /// for one over the budget.
    func testEachMeasurementOfTheManifestGetsItsCountZeroOrNone() {
        var manifest = Fixtures.manifest(complete: false, segments: [])
        manifest.databases[0].retentionPolicies[0].measurements = ["cpu", "disk", "mem"].map { .init(name: $0, fields: [:]) }
        var c = SeriesCounts()
        c.count(outcome(0..<7), key: cpu)
        c.count(outcome(0..<0, overflow: true), key: mem)
        c.record(in: &manifest)
        XCTAssertEqual(manifest.databases[0].retentionPolicies[0].measurements.map(\.series), [7, 0, nil])
    }
}
