import Foundation
import XCTest

@testable import ArchiveFormat
@testable import LineProtocol
@testable import Restore
@testable import Schema

final class RestorePlanTests: XCTestCase {
    /// The JSON shape is a contract (`--json`): top-level keys and a round trip.
    func testShapeIsStable() throws {
        var plan = RestorePlan(destination: "http://h:8086", archives: ["/a"], evaluatedAt: 5, start: nil, end: 9)
        plan.databases = [
            .init(
                source: "s", target: "t", action: .create,
                retentionPolicies: [
                    .init(
                        name: "autogen", action: .exists, archived: .init(duration: 0, shardGroupDuration: 1, replicaN: 1, isDefault: true),
                        destination: nil,
                        measurements: [.init(name: "cpu", segments: 1, points: 2, rawBytes: 3)])
                ], statements: ["CREATE DATABASE \"t\""])
        ]
        plan.fieldTypeConflicts = [
            .init(
                database: "t", retentionPolicy: "autogen", measurement: "cpu", field: "v", archiveTypes: [.float],
                destinationTypes: [.integer], segments: 1, points: 2)
        ]
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        let data = try e.encode(plan)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(
            object.keys.sorted(),
            [
                "archives", "databases", "destination", "end", "evaluatedAt", "fieldTypeConflicts", "planVersion",
                "retentionWarnings", "totals",
            ])
        XCTAssertEqual(try JSONDecoder().decode(RestorePlan.self, from: data), plan)
        XCTAssertEqual(plan.warningCount, 1)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(#""action":"create""#))
    }

    func testSchemaChangesForNewAndExistingDatabases() {
        let week: Int64 = 604_800_000_000_000, hour: Int64 = 3_600_000_000_000
        let db = Manifest.Database(
            name: "s",
            retentionPolicies: [
                .init(name: "main", duration: 0, shardGroupDuration: hour, replicaN: 1, isDefault: true, shardGroups: [], measurements: []),
                .init(
                    name: "short", duration: hour, shardGroupDuration: hour, replicaN: 1, isDefault: false, shardGroups: [],
                    measurements: []),
            ], continuousQueries: [])
        let created = SchemaApplier.changes(
            for: db, as: "t", retentionPolicies: NameFilter(), created: true,
            current: SchemaApplier.createdDatabaseRetentionPolicies)
        XCTAssertEqual(
            created.statements.map(\.query),
            [
                #"CREATE RETENTION POLICY "main" ON "t" DURATION INF REPLICATION 1 SHARD DURATION 1h DEFAULT"#,
                #"CREATE RETENTION POLICY "short" ON "t" DURATION 1h REPLICATION 1 SHARD DURATION 1h"#,
                #"DROP RETENTION POLICY "autogen" ON "t""#,
            ])
        let existing = SchemaApplier.changes(
            for: db, as: "t", retentionPolicies: try! NameFilter(including: ["/^sh/"]), created: false,
            current: ["short": .init(duration: week, shardGroupDuration: hour, replicaN: 1, isDefault: false)])
        XCTAssertEqual(existing.statements.count, 0)
        XCTAssertEqual(existing.differing.map(\.name), ["short"])
    }
}
