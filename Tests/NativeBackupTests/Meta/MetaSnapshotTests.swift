import Foundation
import SwiftProtobuf
import XCTest

@testable import NativeBackup

/// The metastore of a portable backup: a `PortableData` message (`backup_util.PortablePacker`)
/// whose `data` is the meta service's `Data` message, built here with swift-protobuf.
final class MetaSnapshotTests: XCTestCase {
    private var folder: TempFolder!

    override func setUpWithError() throws { folder = try TempFolder() }
    override func tearDown() { folder.remove() }

    private static let week: Int64 = 604_800_000_000_000

    private func group(_ id: UInt64, _ start: Int64, _ end: Int64, shards: [UInt64], deletedAt: Int64 = 0) -> InfluxdbMeta_ShardGroupInfo {
        var g = InfluxdbMeta_ShardGroupInfo()
        g.id = id
        g.startTime = start
        g.endTime = end
        if deletedAt != 0 { g.deletedAt = deletedAt }
        g.shards = shards.map { id in
            var s = InfluxdbMeta_ShardInfo()
            s.id = id
            return s
        }
        return g
    }

    private func rp(_ name: String, duration: Int64, _ groups: [InfluxdbMeta_ShardGroupInfo]) -> InfluxdbMeta_RetentionPolicyInfo {
        var r = InfluxdbMeta_RetentionPolicyInfo()
        r.name = name
        r.duration = duration
        r.shardGroupDuration = Self.week
        r.replicaN = 1
        r.shardGroups = groups
        return r
    }

    private func sample() -> InfluxdbMeta_Data {
        // Illustrative times for the 1.6.7 group holding MinNanoTime: its start overflowed to a
        // time in 2262 while its end is in 1677, so start > end.
        let overflowedStart: Int64 = 9_223_036_800_000_000_000
        let end1677: Int64 = -9_222_768_000_000_000_000
        var telegraf = InfluxdbMeta_DatabaseInfo()
        telegraf.name = "telegraf"
        telegraf.defaultRetentionPolicy = "autogen"
        telegraf.retentionPolicies = [
            rp(
                "autogen", duration: 0,
                [
                    group(2, Self.week, 2 * Self.week, shards: [3, 4]),
                    group(9, 0, Self.week, shards: [8], deletedAt: 1_700_000_000_000_000_000),  // dropped
                    group(1, 0, Self.week, shards: [1]),
                    group(5, overflowedStart, end1677, shards: [5]),
                ]),
            rp("short", duration: 3_600_000_000_000, []),
        ]
        var cq = InfluxdbMeta_ContinuousQueryInfo()
        cq.name = "cq_mean"
        cq.query = #"CREATE CONTINUOUS QUERY cq_mean ON telegraf BEGIN SELECT mean("v") INTO "m" FROM "cpu" GROUP BY time(1h) END"#
        telegraf.continuousQueries = [cq]
        var empty = InfluxdbMeta_DatabaseInfo()
        empty.name = "empty"
        var root = InfluxdbMeta_UserInfo()
        root.name = "root"
        root.admin = true
        var bob = InfluxdbMeta_UserInfo()
        bob.name = "bob"
        bob.privileges = [("telegraf", Int32(1)), ("empty", 3)].map { db, p in
            var up = InfluxdbMeta_UserPrivilege()
            up.database = db
            up.privilege = p
            return up
        }
        var data = InfluxdbMeta_Data()
        data.databases = [telegraf, empty]
        data.users = [root, bob]
        return data
    }

    private func load(_ bytes: [UInt8]) throws -> MetaSnapshot {
        try MetaSnapshot.load(path: try folder.write("20240101T000000Z.meta", bytes))
    }

    func testRoundTrip() throws {
        let meta = try load(try BackupFixture.metaBytes(sample()))
        typealias G = MetaSnapshot.ShardGroup
        let autogen = MetaSnapshot.RetentionPolicy(
            name: "autogen", duration: 0, shardGroupDuration: Self.week, replicaN: 1,
            shardGroups: [
                // By start: the 1677 group first (from the beginning of time), then 0, then a week.
                G(id: 5, start: .min, end: -9_222_768_000_000_000_000, shardIDs: [5]),
                G(id: 1, start: 0, end: Self.week, shardIDs: [1]),
                G(id: 2, start: Self.week, end: 2 * Self.week, shardIDs: [3, 4]),
            ])
        let short = MetaSnapshot.RetentionPolicy(
            name: "short", duration: 3_600_000_000_000, shardGroupDuration: Self.week, replicaN: 1, shardGroups: [])
        let databases: [MetaSnapshot.Database] = [
            .init(
                name: "telegraf", defaultRetentionPolicy: "autogen", retentionPolicies: [autogen, short],
                continuousQueries: [.init(name: "cq_mean", query: sample().databases[0].continuousQueries[0].query)]),
            .init(name: "empty", defaultRetentionPolicy: "", retentionPolicies: [], continuousQueries: []),
        ]
        XCTAssertEqual(meta.databases, databases)
        XCTAssertEqual(
            meta.users,
            [
                .init(name: "root", admin: true, privileges: [:]),
                .init(name: "bob", admin: false, privileges: ["telegraf": 1, "empty": 3]),
            ])
    }

    func testGroupsWithEqualStartsSortById() throws {
        var data = InfluxdbMeta_Data()
        var db = InfluxdbMeta_DatabaseInfo()
        db.name = "d"
        db.retentionPolicies = [rp("r", duration: 0, [group(7, 0, 10, shards: []), group(3, 0, 10, shards: [])])]
        data.databases = [db]
        let groups = try load(try BackupFixture.metaBytes(data)).databases[0].retentionPolicies[0].shardGroups
        XCTAssertEqual(groups.map(\.id), [3, 7])
    }

    func testGarbageIsMetaUnreadable() throws {
        // 'n' 0x6E is field 13 with wire type 6, which protobuf does not have.
        let cases: [(String, [UInt8], String)] = [
            ("text", u8("not a metastore"), "not a portable metastore backup"),
            ("truncated varint", [0x08, 0xFF, 0xFF], "not a portable metastore backup"),
            ("no data field", [], "no metastore data"),
            ("data not a Data message", [0x0A, 0x03, 0xFF, 0xFF, 0xFF], "not a portable metastore backup"),
        ]
        for (name, bytes, fragment) in cases {
            let path = try folder.write("\(name).meta", bytes)
            expectNativeError({ try MetaSnapshot.load(path: path) }) { error in
                guard case .metaUnreadable(let p, let message) = error else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(p, path, name)
                XCTAssertTrue(message.contains(fragment), "\(name): \(message)")
            }
        }
    }

    func testNamelessDatabaseOrPolicy() throws {
        var data = InfluxdbMeta_Data()
        data.databases = [InfluxdbMeta_DatabaseInfo()]
        expectNativeError({ try self.load(try BackupFixture.metaBytes(data)) }) { error in
            guard case .metaUnreadable(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("a database without a name"), message)
        }
        data.databases[0].name = "d"
        data.databases[0].retentionPolicies = [InfluxdbMeta_RetentionPolicyInfo()]
        expectNativeError({ try self.load(try BackupFixture.metaBytes(data)) }) { error in
            guard case .metaUnreadable(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("database d: a retention policy without a name"), message)
        }
    }

    func testMissingFileIsIO() {
        expectNativeError({ try MetaSnapshot.load(path: folder.path + "/none.meta") }) { error in
            guard case .io(_, let operation, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "read")
        }
    }
}
