import XCTest

@testable import Dump
@testable import LineProtocol

/// The finding sentences are quoted by formats/archive-format.md §9 and by operators' scripts:
/// their exact text is part of the format.
final class DumpFindingsTests: XCTestCase {
    let task = DumpTask(
        index: 0, database: "telegraf", retentionPolicy: "autogen", measurement: "cpu", start: .min,
        end: 1_700_006_400_000_000_000, unboundedAbove: true)

    func testTheSentenceForValuesLeftOutByASpanningQuery() {
        XCTAssertEqual(
            DumpFindings.valuesLeftOut(task, field: "state", cast: .string),
            "telegraf/autogen/cpu: field state: string values in the first shard group (before 2023-11-15T00:00:00Z) "
                + "cannot be read by InfluxDB 1.6.7 next to other types and were left out")
    }

    func testTheSentenceForAFieldOfSeveralTypesInAnUnboundedWindow() {
        XCTAssertEqual(
            DumpFindings.typesMayBeCast(task, field: "usage", types: [.float, .integer, .string]),
            "telegraf/autogen/cpu: field usage has types float, integer, string in this retention policy, and InfluxDB 1.6.7 reads "
                + "the first shard group (points before 2023-11-15T00:00:00Z) only through a query spanning all groups, which casts "
                + "or leaves out such values; check these points by hand")
    }

    func testCountsAreSummedBySentenceAndListedSorted() {
        var findings = DumpFindings(["b": 1])
        findings.add("a", points: 2)
        findings.add(["b": 4, "c": 1])
        XCTAssertEqual(findings.counts, ["a": 2, "b": 5, "c": 1])
        XCTAssertEqual(findings.total, 8)
        XCTAssertEqual(findings.manifestLines, ["a (2 point(s) affected)", "b (5 point(s) affected)", "c (1 point(s) affected)"])
        XCTAssertEqual(DumpFindings().manifestLines, [])
    }

    /// Sorted whatever the order of the counts (a dictionary's order changes from run to run).
    func testTheManifestListsManyFindingsSorted() {
        let sentences = (0..<40).map { "measurement m\(String(format: "%02d", $0)): problem" }
        let findings = DumpFindings(Dictionary(uniqueKeysWithValues: sentences.map { ($0, Int64(1)) }))
        XCTAssertEqual(findings.manifestLines, sentences.map { "\($0) (1 point(s) affected)" })
    }
}
