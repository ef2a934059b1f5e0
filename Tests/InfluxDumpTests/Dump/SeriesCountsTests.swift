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
        var c = Dumper.SeriesCounts()
        Dumper.count(outcome(0..<10), into: &c, key: cpu)
        Dumper.count(outcome(5..<15), into: &c, key: cpu)  // the same series in the next window
        Dumper.count(outcome(0..<3), into: &c, key: mem)
        XCTAssertEqual(c.sets[cpu]??.count, 15)
        XCTAssertEqual(c.sets[mem]??.count, 3)
        XCTAssertEqual(c.held, 18)
    }

    func testAWindowOverTheEncoderLimitLeavesTheMeasurementUncounted() {
        var c = Dumper.SeriesCounts()
        Dumper.count(outcome(0..<10), into: &c, key: cpu)
        Dumper.count(outcome(0..<0, overflow: true), into: &c, key: cpu)
        Dumper.count(outcome(0..<10), into: &c, key: cpu)
        XCTAssertEqual(c.sets[cpu], .some(nil), "uncounted, not a wrong number")
        XCTAssertEqual(c.held, 0, "its memory is given back")
    }

    func testTheWholeDumpHasOneBudget() {
        var c = Dumper.SeriesCounts()
        let limit = UInt64(LineProtocolEncoder.seriesLimit)
        Dumper.count(outcome(0..<(limit - 5)), into: &c, key: cpu)
        Dumper.count(outcome(0..<10), into: &c, key: mem)
        XCTAssertEqual(c.sets[cpu]??.count, Int(limit - 5), "counted first, within the budget")
        XCTAssertEqual(c.sets[mem], .some(nil), "would pass the budget: not counted")
        XCTAssertEqual(c.held, Int(limit - 5))
    }
}
