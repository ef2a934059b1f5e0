import XCTest

@testable import Dump
@testable import LineProtocol
@testable import Schema
@testable import Support

final class SeriesCountsTests: XCTestCase {
    let cpu = MeasurementKey(database: "db", retentionPolicy: "autogen", measurement: "cpu")
    let mem = MeasurementKey(database: "db", retentionPolicy: "autogen", measurement: "mem")

    func outcome(_ hashes: Range<UInt64>, exactLimit: Int = SeriesSketch.defaultExactLimit) -> TaskOutcome {
        var sketch = SeriesSketch(exactLimit: exactLimit)
        for h in hashes { sketch.insert(h &* 0x9E37_79B9_7F4A_7C15) }
        return TaskOutcome(segments: [], series: sketch)
    }

    func testDistinctAcrossWindows() {
        var c = SeriesCounts()
        c.count(outcome(0..<10), key: cpu)
        c.count(outcome(5..<15), key: cpu)  // the same series in the next window
        c.count(outcome(0..<3), key: mem)
        XCTAssertEqual(c.sketches[cpu]?.count, 15)
        XCTAssertEqual(c.sketches[mem]?.count, 3)
        XCTAssertEqual(c.held, 18)
    }

    func testAWindowOverTheEncoderLimitMakesTheMeasurementAnEstimate() {
        var c = SeriesCounts()
        c.count(outcome(0..<10), key: cpu)
        c.count(outcome(0..<5_000, exactLimit: 1_000), key: cpu)
        XCTAssertEqual(c.sketches[cpu]?.isEstimate, true)
        XCTAssertEqual(Double(c.sketches[cpu]!.count), 5_000, accuracy: 150)
        XCTAssertEqual(c.held, 0, "its set is given back")
    }

    func testTheWholeDumpHasOneBudget() {
        var c = SeriesCounts(budget: 1_000)
        c.count(outcome(0..<995), key: cpu)
        c.count(outcome(0..<10), key: mem)
        XCTAssertEqual(c.sketches[cpu]?.count, 995, "counted first, within the budget")
        XCTAssertEqual(c.sketches[cpu]?.isEstimate, false)
        XCTAssertEqual(c.sketches[mem]?.isEstimate, true, "would pass the budget: estimated")
        XCTAssertEqual(c.sketches[mem]?.count, 10)
        XCTAssertEqual(c.held, 995)
    }
}

extension SeriesCountsTests {
    /// The manifest's `series`: the count, 0 for a measurement no window had a point of, and
    /// `seriesEstimated` for an estimate.
    func testEachMeasurementOfTheManifestGetsItsCountZeroOrAnEstimate() {
        var manifest = Fixtures.manifest(complete: false, segments: [])
        manifest.databases[0].retentionPolicies[0].measurements = ["cpu", "disk", "mem"].map { .init(name: $0, fields: [:]) }
        var c = SeriesCounts()
        c.count(outcome(0..<7), key: cpu)
        c.count(outcome(0..<2_000, exactLimit: 100), key: mem)
        c.record(in: &manifest)
        let measurements = manifest.databases[0].retentionPolicies[0].measurements
        XCTAssertEqual(measurements[1].series, 0)
        XCTAssertEqual(measurements[0].series, 7)
        XCTAssertEqual(measurements.map(\.seriesEstimated), [nil, nil, true])
        XCTAssertEqual(Double(measurements[2].series!), 2_000, accuracy: 60)
    }
}
