import XCTest

@testable import ArchiveFormat
@testable import Jobs
@testable import Support

final class PrunePolicyTests: XCTestCase {
    static let hour: Int64 = 3_600_000_000_000
    static let day = 24 * hour

    /// Archives at the given hours after 2026-11-01T00:00:00Z, named a0, a1, …; `parents` maps
    /// an index to its parent's index.
    func archives(_ hours: [Int64], parents: [Int: Int] = [:]) -> [PrunePolicy.Archive] {
        let base = Timestamp.parse("2026-11-01T00:00:00Z")!
        return hours.enumerated().map { i, h in
            PrunePolicy.Archive(name: "a\(i)", time: base + h * Self.hour, parent: parents[i].map { "a\($0)" })
        }
    }

    func kept(_ policy: PrunePolicy, _ a: [PrunePolicy.Archive]) -> [String] {
        policy.decide(a).filter(\.keep).map(\.name)
    }

    func testKeepLast() {
        let a = archives([0, 1, 2, 3, 4])
        XCTAssertEqual(kept(PrunePolicy(keepLast: 2), a), ["a3", "a4"])
        XCTAssertEqual(kept(PrunePolicy(keepLast: 9), a), ["a0", "a1", "a2", "a3", "a4"])
    }

    func testKeepDailyTakesTheNewestOfEachDay() {
        // Day 0: 01:00, 23:00; day 1: 05:00; day 2: 02:00, 03:00; day 4 (day 3 has none): 00:00.
        let a = archives([1, 23, 29, 50, 51, 96])
        XCTAssertEqual(kept(PrunePolicy(keepDaily: 3), a), ["a2", "a4", "a5"], "days with archives, not calendar days")
        XCTAssertEqual(kept(PrunePolicy(keepDaily: 10), a), ["a1", "a2", "a4", "a5"])
        let d = PrunePolicy(keepDaily: 1).decide(a)
        XCTAssertEqual(d.last, .init(name: "a5", keep: true, reasons: ["newest", "daily"]))
    }

    func testKeepWithinIsRelativeToTheNewestArchive() {
        let a = archives([0, 10, 20, 30, 40])
        XCTAssertEqual(kept(PrunePolicy(keepWithin: 20 * Self.hour), a), ["a2", "a3", "a4"], "boundary included")
        XCTAssertEqual(kept(PrunePolicy(keepWithin: .max), a).count, 5, "no overflow")
    }

    func testPoliciesCombineAndTheNewestIsAlwaysKept() {
        let a = archives([0, 10, 20, 30, 40])
        XCTAssertEqual(kept(PrunePolicy(keepLast: 1, keepWithin: 30 * Self.hour), a), ["a1", "a2", "a3", "a4"])
        XCTAssertEqual(kept(PrunePolicy(keepWithin: 1), a), ["a4"])
    }

    func testAKeptArchiveKeepsItsWholeChain() {
        // a0 ← a1 ← a2 ← a4, and a3 a full archive of its own.
        let a = archives([0, 1, 2, 3, 4], parents: [1: 0, 2: 1, 4: 2])
        let d = PrunePolicy(keepLast: 1).decide(a)
        XCTAssertEqual(d.filter(\.keep).map(\.name), ["a0", "a1", "a2", "a4"])
        XCTAssertEqual(d[0].reasons, ["chain of a4"])
        XCTAssertEqual(d[3], .init(name: "a3", keep: false, reasons: []))
    }

    func testAMissingOrCyclicParentDoesNotHang() {
        let a = archives([0, 1], parents: [0: 1, 1: 0])
        XCTAssertEqual(kept(PrunePolicy(keepLast: 1), a), ["a0", "a1"])
        let orphan = [PrunePolicy.Archive(name: "x", time: 0, parent: "gone")]
        XCTAssertEqual(kept(PrunePolicy(keepLast: 1), orphan), ["x"])
    }
}
