import Foundation
import InfluxDump
import XCTest

@testable import Restore

/// `RestorePlanner` (through `RestoreSession.plan`, as `restore --dry-run` calls it) against a
/// real server: what it reads from the archives and the destination, and the plan it returns.
final class RestorePlannerTests: SharedServerTestCase {
    nonisolated(unsafe) static var base: String?
    nonisolated(unsafe) static var newer: String?
    /// The first `mem` point (ns): three points a minute apart in RP week (168 h), in one shard group.
    nonisolated(unsafe) static var memStart: Int64 = 0
    static let hour: Int64 = 3_600_000_000_000, week = 168 * hour, minute: Int64 = 60_000_000_000

    override class var workName: String { "planner" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try s.execute("CREATE DATABASE plan_src")
        try s.execute("CREATE RETENTION POLICY week ON plan_src DURATION 168h REPLICATION 1 SHARD DURATION 1h")
        try s.write("plan_src", Array("cpu,h=a v=1i 1\ncpu,h=a v=2i 2\ncpu,h=a v=3i 3\n".utf8))
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        memStart = (now - 3 * hour) / hour * hour + 10 * minute
        let mem = (0..<3).map { "mem v=\($0).5 \(memStart + Int64($0) * minute)\n" }.joined()
        try s.write("plan_src", rp: "week", Array(mem.utf8))
        base = try s.dump(["-d", "plan_src"], prefix: "influxdump-plan-base")
        try s.execute(
            "CREATE CONTINUOUS QUERY cq_late ON plan_src BEGIN SELECT mean(v) INTO plan_src.autogen.cpu_mean FROM plan_src.autogen.cpu GROUP BY time(1h) END"
        )
        newer = try s.dump(["-d", "plan_src"], prefix: "influxdump-plan-newer")
        return [base!, newer!]
    }

    func fixture() throws -> (TestServer, base: String, newer: String) {
        (try XCTUnwrap(Self.server), try XCTUnwrap(Self.base), try XCTUnwrap(Self.newer))
    }

    func options(_ server: TestServer, into target: String) -> RestoreOptions {
        var o = RestoreOptions(destination: ClientConfiguration(baseURL: server.url))
        o.databaseMap = ["plan_src": target]
        return o
    }

    func plan(_ options: RestoreOptions, _ archives: [String], now: Int64? = nil) throws -> RestoreSession.DryRun {
        let session = try RestoreSession(inputs: archives, options: options)
        return try now.map { try session.plan(now: $0) } ?? session.plan()
    }

    func rp(_ plan: RestorePlan, _ name: String) -> RestorePlan.RetentionPolicy? {
        plan.databases.first?.retentionPolicies.first { $0.name == name }
    }

    func counts(_ plan: RestorePlan, _ rpName: String) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: (rp(plan, rpName)?.measurements ?? []).map { ($0.name, $0.points) })
    }

    func testNewTargetIsPlannedAndNothingIsCreated() throws {
        let (server, base, _) = try fixture()
        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        let dry = try plan(options(server, into: "plan_new"), [base], now: now)
        let p = dry.plan
        XCTAssertNil(dry.ending)
        XCTAssertEqual(p.archives, [base])
        XCTAssertEqual(p.destination, ClientConfiguration.redacted(server.url))
        XCTAssertEqual(p.evaluatedAt, now)
        XCTAssertEqual(p.databases.map { "\($0.source)->\($0.target) \($0.action)" }, ["plan_src->plan_new create"])
        XCTAssertEqual(p.databases.first?.statements.first, #"CREATE DATABASE "plan_new""#)
        XCTAssertEqual(rp(p, "week")?.action, .create)
        XCTAssertEqual(rp(p, "week")?.archived.duration, Self.week)
        XCTAssertEqual(counts(p, "autogen"), ["cpu": 3])
        XCTAssertEqual(counts(p, "week"), ["mem": 3])
        XCTAssertEqual(p.totals.points, 6)
        XCTAssertEqual(p.totals.segments, 2)
        XCTAssertEqual(p.retentionWarnings, [], "three hours old is within a week")
        XCTAssertEqual(p.fieldTypeConflicts, [])
        XCTAssertNil(p.continuousQueries, "not asked for")
        XCTAssertFalse(try SchemaDiscovery(client: server.client()).databases().contains("plan_new"), "a plan creates nothing")
    }

    func testRetentionCutoffInsideASegmentIsCountedExactly() throws {
        let (server, base, _) = try fixture()
        // The cut-off falls between the second and the third point: that segment is read and counted.
        let now = Self.memStart + Self.week + Self.minute + 30_000_000_000
        let p = try plan(options(server, into: "plan_old"), [base], now: now).plan
        XCTAssertEqual(
            p.retentionWarnings,
            [
                .init(
                    database: "plan_old", retentionPolicy: "week", measurement: "mem", duration: Self.week,
                    cutoff: now - Self.week, points: 2, segments: 1)
            ])
        XCTAssertEqual(counts(p, "week"), ["mem": 3], "old points are still sent (the server drops them)")
        let later = try plan(options(server, into: "plan_old"), [base], now: Self.memStart + Self.week + Self.hour).plan
        XCTAssertEqual(later.retentionWarnings.map(\.points), [3], "the whole segment is past the cut-off")
    }

    func testTimeRangeCuttingASegmentIsCountedExactly() throws {
        let (server, base, _) = try fixture()
        var o = options(server, into: "plan_cut")
        o.start = 2
        o.end = 3
        let p = try plan(o, [base]).plan
        XCTAssertEqual(p.start, 2)
        XCTAssertEqual(p.end, 3)
        XCTAssertEqual(counts(p, "autogen"), ["cpu": 1], "only the point at 2")
        XCTAssertEqual(counts(p, "week"), [:], "mem lies after --end")
        XCTAssertEqual(p.totals.points, 1)
    }

    func testExistingTargetIsReadForFieldTypeConflicts() throws {
        let (server, base, _) = try fixture()
        try server.execute("CREATE DATABASE plan_exist")
        try server.write("plan_exist", Array("cpu v=\"text\" 5\n".utf8))
        let p = try plan(options(server, into: "plan_exist"), [base]).plan
        XCTAssertEqual(p.databases.map(\.action), [.exists])
        XCTAssertFalse(p.databases[0].statements.contains { $0.hasPrefix("CREATE DATABASE") })
        XCTAssertEqual(rp(p, "autogen")?.action, .exists)
        XCTAssertEqual(rp(p, "week")?.action, .create)
        XCTAssertEqual(
            p.fieldTypeConflicts,
            [
                .init(
                    database: "plan_exist", retentionPolicy: "autogen", measurement: "cpu", field: "v", archiveTypes: [.integer],
                    destinationTypes: [.string], segments: 1, points: 3)
            ])
        XCTAssertEqual(
            try SchemaDiscovery(client: server.client()).retentionPolicies(database: "plan_exist").map(\.0), ["autogen"],
            "week is not created")
    }

    func testChainIsMergedAndContinuousQueriesComeFromTheNewestArchive() throws {
        let (server, base, newer) = try fixture()
        var o = options(server, into: "plan_chain")
        o.withContinuousQueries = true
        let dry = try plan(o, [base, newer])
        XCTAssertNil(dry.ending)
        XCTAssertEqual(dry.plan.archives, [base, newer])
        XCTAssertEqual(dry.plan.databases.map(\.target), ["plan_chain"], "one entry for the chain")
        XCTAssertEqual(dry.plan.totals.points, 12, "each archive's points are written")
        let cqs = try XCTUnwrap(dry.plan.continuousQueries)
        XCTAssertEqual(cqs.map { "\($0.database) \($0.name) \($0.action)" }, ["plan_chain cq_late create"])
        let query = try XCTUnwrap(cqs.first?.query)
        XCTAssertTrue(query.contains(#"INTO "plan_chain".autogen.cpu_mean"#), query)
        let reversed = try plan(o, [newer, base]).plan
        XCTAssertEqual(reversed.continuousQueries?.count, 0, "the last archive given had no CQ")
    }
}
