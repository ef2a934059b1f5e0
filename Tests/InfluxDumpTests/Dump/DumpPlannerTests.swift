import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import LineProtocol
@testable import Restore
@testable import Schema
@testable import Support

final class DumpPlannerTests: XCTestCase {
    struct W: Equatable, CustomStringConvertible {
        var start: Int64, end: Int64, unbounded: Bool
        init(_ s: Int64, _ e: Int64, _ u: Bool = false) { start = s; end = e; unbounded = u }
        var description: String { "[\(start), \(end))\(unbounded ? " unbounded" : "")" }
    }

    private let sec = Int64(1_000_000_000)
    private var day: Int64 { 86_400 * sec }
    private var week: Int64 { 7 * day }

    private func windows(_ group: ShardGroupWindow, start: Int64? = nil, end: Int64? = nil, chunk: Int64? = nil) -> [W] {
        DumpPlanner(start: start, end: end, chunk: chunk).windows(group).map { W($0.0, $0.1, $0.2) }
    }

    private func group(_ s: Int64, _ e: Int64, broken: Bool = false) -> ShardGroupWindow {
        ShardGroupWindow(id: 7, start: s, end: e, brokenStart: broken)
    }

    func testWholeGroup() {
        XCTAssertEqual(windows(group(0, 100)), [W(0, 100)])
        XCTAssertEqual(windows(group(.min, .max)), [W(Timestamp.minNano, .max)])
    }

    func testClipping() {
        XCTAssertEqual(windows(group(0, 100), start: 10, end: 50), [W(10, 50)])
        XCTAssertEqual(windows(group(0, 100), start: -10, end: 500), [W(0, 100)])
        XCTAssertEqual(windows(group(0, 100), start: 50), [W(50, 100)])
        XCTAssertEqual(windows(group(0, 100), end: 1), [W(0, 1)])
        XCTAssertEqual(windows(group(0, 100), start: 100), [])
        XCTAssertEqual(windows(group(0, 100), end: 0), [])
        XCTAssertEqual(windows(group(0, 100), start: 60, end: 40), [])
    }

    func testChunking() {
        XCTAssertEqual(windows(group(0, 100), chunk: 30), [W(0, 30), W(30, 60), W(60, 90), W(90, 100)])
        XCTAssertEqual(windows(group(0, 90), chunk: 30), [W(0, 30), W(30, 60), W(60, 90)])
        XCTAssertEqual(windows(group(0, 100), start: 25, end: 75, chunk: 30), [W(25, 55), W(55, 75)])
        XCTAssertEqual(windows(group(0, 100), chunk: 1000), [W(0, 100)])
        XCTAssertEqual(windows(group(0, 3), chunk: 1), [W(0, 1), W(1, 2), W(2, 3)])
        XCTAssertEqual(windows(group(0, 100), chunk: 0), [W(0, 100)])
        // No overflow at the top of the range.
        XCTAssertEqual(windows(group(.max - 10, .max), chunk: 7), [W(.max - 10, .max - 3), W(.max - 3, .max)])
        XCTAssertEqual(windows(group(.min, .min + 10), chunk: .max), [W(Timestamp.minNano, .min + 10)])
    }

    func testBrokenStartGroupIsOneUnboundedWindow() {
        XCTAssertEqual(
            windows(group(.min, -9_222_854_400_000_000_000, broken: true), chunk: 3_600 * sec),
            [W(Timestamp.minNano, -9_222_854_400_000_000_000, true)])
        XCTAssertEqual(windows(group(.min, 1000, broken: true), start: 10, end: 500, chunk: 5), [W(10, 500, true)])
        XCTAssertEqual(windows(group(.min, 1000, broken: true), start: 2000), [])
    }

    /// Issue 11: 1.6.7 answered `time >= -9223372036854775808` with nothing on some databases
    /// although a point at MinNanoTime existed. No planned query may start below MinNanoTime,
    /// whatever the group, the start given or an incremental start says.
    func testNoWindowStartsBelowMinNanoTime() {
        let groups = [group(.min, 0, broken: true), group(.min, 100), group(.min + 1, .min + 50), group(Timestamp.minNano - 1, 10)]
        for g in groups {
            for start: Int64? in [nil, .min, Timestamp.minNano - 1] {
                let planner = DumpPlanner(start: start, end: nil, chunk: nil)
                for (s, _, _) in planner.windows(g, from: .min) + planner.windows(g) {
                    XCTAssertGreaterThanOrEqual(s, Timestamp.minNano, "\(g) start \(String(describing: start))")
                }
            }
        }
        XCTAssertEqual(windows(group(.min, Timestamp.minNano + 1)), [W(Timestamp.minNano, Timestamp.minNano + 1)])
        XCTAssertEqual(windows(group(.min, Timestamp.minNano)), [])
    }

    /// Found by `verify --against`: a write into 1677 after a restart gives a second, normal group
    /// beside the broken first one; its points came back from both queries and were saved twice.
    func testAWindowInsideTheFirstGroupsUnboundedWindowIsNotQueriedAgain() {
        let firstEnd: Int64 = -9_222_854_400_000_000_000
        let rp = ServerSchema.RetentionPolicy(
            name: "autogen", duration: 0, shardGroupDuration: week, replicaN: 1, isDefault: true,
            measurements: ["m": ["v": [.integer]]],
            shardGroups: [
                group(.min, firstEnd, broken: true), group(.min, firstEnd, broken: true), group(Timestamp.minNano + 5, firstEnd),
                group(firstEnd - 10, firstEnd + 50), group(0, 100),
            ])
        let schema = ServerSchema(serverVersion: "1.6.7", databases: [.init(name: "d", retentionPolicies: [rp], continuousQueries: [])])
        let tasks = DumpPlanner(start: nil, end: nil, chunk: nil).plan(schema)
        XCTAssertEqual(
            tasks.map { W($0.start, $0.end, $0.unboundedAbove) },
            [W(Timestamp.minNano, firstEnd, true), W(firstEnd, firstEnd + 50), W(0, 100)])
    }

    /// Review: 1.6.7 does not clip a new shard group against older ones (after a change of shard
    /// duration, 1h groups inside a new 7d group): every window starts where the ones before end.
    func testOverlappingBoundedGroupsAreCutToNoOverlap() {
        let windows = DumpPlanner.withoutOverlap([(0, 100, false), (10, 20, false), (50, 150, false), (150, 160, false), (300, 400, false)])
        XCTAssertEqual(windows.map { W($0.0, $0.1, $0.2) }, [W(0, 100), W(100, 150), W(150, 160), W(300, 400)])
        let unbounded = DumpPlanner.withoutOverlap([(5, 50, false), (Timestamp.minNano, 40, true), (Timestamp.minNano, 60, true)])
        XCTAssertEqual(unbounded.map { W($0.0, $0.1, $0.2) }, [W(Timestamp.minNano, 40, true), W(40, 60, true)])
    }

    func testPlanOrderAndQueries() {
        let rp = ServerSchema.RetentionPolicy(
            name: "autogen", duration: 0, shardGroupDuration: week, replicaN: 1, isDefault: true,
            measurements: ["b m": ["f": [.float]], "a": ["g": [.integer]]],
            shardGroups: [group(.min, 0, broken: true), group(0, 100)])
        let schema = ServerSchema(serverVersion: "1.6.7", databases: [.init(name: "d\"b", retentionPolicies: [rp], continuousQueries: [])])
        let tasks = DumpPlanner(start: nil, end: nil, chunk: 60).plan(schema)
        XCTAssertEqual(tasks.map(\.index), Array(0..<6))
        XCTAssertEqual(tasks.map(\.measurement), ["a", "a", "a", "b m", "b m", "b m"])
        XCTAssertEqual(
            tasks.map { W($0.start, $0.end, $0.unboundedAbove) },
            [W(Timestamp.minNano, 0, true), W(0, 60), W(60, 100), W(Timestamp.minNano, 0, true), W(0, 60), W(60, 100)])
        XCTAssertEqual(tasks[0].query, #"SELECT * FROM "d\"b"."autogen"."a" WHERE time >= -9223372036854775806 GROUP BY *"#)
        XCTAssertEqual(tasks[4].query, #"SELECT * FROM "d\"b"."autogen"."b m" WHERE time >= 0 AND time < 60 GROUP BY *"#)
    }

    /// With the tag keys known, bounded windows of unambiguous measurements are queried without
    /// `GROUP BY *`; the first group's unbounded window and a measurement whose tag key is also a
    /// field key keep it.
    func testQueryShapeFromTheTagKeys() {
        let rp = ServerSchema.RetentionPolicy(
            name: "autogen", duration: 0, shardGroupDuration: week, replicaN: 1, isDefault: true,
            measurements: ["cpu": ["v": [.float]], "dup": ["k": [.integer]]],
            shardGroups: [group(.min, 0, broken: true), group(0, 100)])
        let schema = ServerSchema(serverVersion: "1.6.7", databases: [.init(name: "db", retentionPolicies: [rp], continuousQueries: [])])
        var planner = DumpPlanner(start: nil, end: nil, chunk: nil)
        planner.tagKeys = ["db": ["cpu": ["host"], "dup": ["k"]]]
        let tasks = planner.plan(schema)
        XCTAssertEqual(
            tasks.map { "\($0.measurement) \($0.unboundedAbove) \($0.shape)" },
            ["cpu true series", "cpu false time", "dup true series", "dup false series"])
        XCTAssertEqual(tasks[1].tagColumns, TagColumns(tags: ["host"], fields: ["v"]))
        XCTAssertEqual(tasks[1].query, #"SELECT * FROM "db"."autogen"."cpu" WHERE time >= 0 AND time < 100"#)
        XCTAssertEqual(DumpPlanner(start: nil, end: nil, chunk: nil).plan(schema).map(\.shape), [.series, .series, .series, .series])
    }

    // MARK: alignedGroups

    private func aligned(_ first: Int64, _ last: Int64, _ d: Int64) -> [W] {
        DumpPlanner.alignedGroups(first: first, last: last, duration: d).map {
            XCTAssertEqual($0.id, -1)
            XCTAssertFalse($0.brokenStart)
            return W($0.start, $0.end)
        }
    }

    func testSevenDayGroupsStartOnMondays() {
        let monday19691229 = -259_200 * sec  // 1969-12-29T00:00:00Z
        XCTAssertEqual(aligned(0, 0, week), [W(monday19691229, monday19691229 + week)])
        XCTAssertEqual(aligned(0, week, week), [W(monday19691229, 345_600 * sec), W(345_600 * sec, 950_400 * sec)])
        XCTAssertEqual(aligned(monday19691229, monday19691229, week), [W(monday19691229, monday19691229 + week)])
        XCTAssertEqual(aligned(monday19691229 - 1, monday19691229 - 1, week), [W(monday19691229 - week, monday19691229)])
        let monday20201228 = 1_609_113_600 * sec  // 2020-12-28T00:00:00Z
        XCTAssertEqual(aligned(monday20201228 + 5, monday20201228 + week - 1, week), [W(monday20201228, monday20201228 + week)])
        XCTAssertEqual(
            aligned(monday20201228 - 1, monday20201228, week),
            [W(monday20201228 - week, monday20201228), W(monday20201228, monday20201228 + week)])
        let monday20181231 = 1_546_214_400 * sec  // 2018-12-31T00:00:00Z
        XCTAssertEqual(aligned(1_546_300_800 * sec, 1_546_300_800 * sec, week), [W(monday20181231, monday20181231 + week)])
    }

    func testDayAndHourAlignment() {
        XCTAssertEqual(aligned(1, 1, day), [W(0, day)])
        XCTAssertEqual(aligned(-1, 1, day), [W(-day, 0), W(0, day)])
        let t = 1_234_567_890 * sec  // 2009-02-13T23:31:30Z
        XCTAssertEqual(aligned(t, t, day), [W(1_234_483_200 * sec, 1_234_569_600 * sec)])
        XCTAssertEqual(aligned(t, t, 3_600 * sec), [W(1_234_566_000 * sec, 1_234_569_600 * sec)])
        XCTAssertEqual(
            aligned(t, t + 3_600 * sec, 3_600 * sec),
            [W(1_234_566_000 * sec, 1_234_569_600 * sec), W(1_234_569_600 * sec, 1_234_573_200 * sec)])
        XCTAssertEqual(aligned(-1, -1, 3_600 * sec), [W(-3_600 * sec, 0)])
    }

    func testAlignedGroupsAtTheTopOfTheRange() {
        // 2262-04-11T23:00:00Z; the next hour is past Int64.max: the last group is open-ended.
        XCTAssertEqual(aligned(Timestamp.maxNano, Timestamp.maxNano, 3_600 * sec), [W(9_223_369_200 * sec, .max)])
    }

    func testAlignedGroupsAtTheBottomOfTheRange() {
        // The hour holding MinNanoTime starts before Int64.min: the first group is clamped.
        let groups = aligned(Timestamp.minNano, Timestamp.minNano, 3_600 * sec)
        XCTAssertEqual(groups.count, 1)
        XCTAssertEqual(groups.first?.start, .min)
        XCTAssertGreaterThan(groups.first?.end ?? .min, Timestamp.minNano)
    }

    func testAlignedGroupsRefusals() {
        XCTAssertEqual(aligned(0, 10, 0), [])
        XCTAssertEqual(aligned(0, 10, 1_500_000_000), [])
    }
}
