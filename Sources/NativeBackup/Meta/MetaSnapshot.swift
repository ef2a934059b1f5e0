import Foundation
import Support
import SwiftProtobuf

/// The metastore of a portable backup (`<stamp>.meta`): databases with their RPs, shard groups
/// and CQs, and users with their grants. Password hashes are never read (formats/influxdb-meta.proto).
public struct MetaSnapshot: Sendable, Equatable {
    public struct ShardGroup: Sendable, Equatable {
        public var id: UInt64
        /// `[start, end)` in nanoseconds.
        public var start: Int64
        public var end: Int64
        public var shardIDs: [UInt64]

        /// The group of the oldest points (InfluxDB 1.6.7 answers it only to queries without an
        /// upper time bound after a restart; archive-format.md §The first shard group).
        public var holdsMinNanoTime: Bool { start < Timestamp.minNano }
    }

    public struct RetentionPolicy: Sendable, Equatable {
        public var name: String
        /// Nanoseconds; 0 is infinite.
        public var duration: Int64
        public var shardGroupDuration: Int64
        public var replicaN: Int
        /// Live groups only (a deleted group's data is gone from the server too), by start time.
        public var shardGroups: [ShardGroup]
    }

    public struct ContinuousQuery: Sendable, Equatable {
        public var name: String
        public var query: String
    }

    public struct Database: Sendable, Equatable {
        public var name: String
        public var defaultRetentionPolicy: String
        public var retentionPolicies: [RetentionPolicy]
        public var continuousQueries: [ContinuousQuery]
    }

    public struct User: Sendable, Equatable {
        public var name: String
        public var admin: Bool
        /// Database → 1 read, 2 write, 3 all.
        public var privileges: [String: Int]
    }

    public var databases: [Database]
    public var users: [User]

    /// Reads `path`: a `PortableData` message whose `data` is the metastore's `Data` message.
    public static func load(path: String) throws(NativeBackupError) -> MetaSnapshot {
        try decode(path, "not a portable metastore backup") { bytes in
            let portable = try InfluxdbMeta_PortableData(serializedBytes: bytes, options: Self.decoding)
            guard portable.hasData else { throw NativeBackupError.metaUnreadable(path: path, message: "no metastore data in the file") }
            return try InfluxdbMeta_Data(serializedBytes: portable.data, options: Self.decoding)
        }
    }

    /// Reads a server's own metastore file (`meta/meta.db`): the `Data` message, unwrapped.
    public static func load(serverFile path: String) throws(NativeBackupError) -> MetaSnapshot {
        try decode(path, "not an InfluxDB 1.x metastore") { try InfluxdbMeta_Data(serializedBytes: $0, options: Self.decoding) }
    }

    /// Reads `path` and decodes its `Data` message with `message`; a protobuf error becomes
    /// `.metaUnreadable` with `what`.
    private static func decode(
        _ path: String, _ what: String, _ message: (Data) throws -> InfluxdbMeta_Data
    ) throws(NativeBackupError) -> MetaSnapshot {
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .io(path: path, operation: "read", message: error.localizedDescription)
        }
        let data: InfluxdbMeta_Data
        do { data = try message(bytes) } catch let e as NativeBackupError { throw e } catch {
            throw .metaUnreadable(path: path, message: "\(what) (\(error))")
        }
        return try MetaSnapshot(data, path: path)
    }

    /// Fields formats/influxdb-meta.proto does not declare (password hashes among them) are
    /// dropped while decoding, not kept as unknown fields.
    static let decoding: BinaryDecodingOptions = {
        var o = BinaryDecodingOptions()
        o.discardUnknownFields = true
        return o
    }()

    init(_ data: InfluxdbMeta_Data, path: String) throws(NativeBackupError) {
        databases = []
        for db in data.databases {
            guard db.hasName else { throw .metaUnreadable(path: path, message: "a database without a name") }
            var rps: [RetentionPolicy] = []
            for rp in db.retentionPolicies {
                guard rp.hasName else {
                    throw .metaUnreadable(path: path, message: "database \(db.name): a retention policy without a name")
                }
                // InfluxDB 1.6.7 stores the start of the group holding MinNanoTime overflowed (a
                // time in 2262, after its end in 1677): that group starts at the beginning of time.
                let groups = rp.shardGroups.filter { $0.deletedAt == 0 }.map { g in
                    ShardGroup(id: g.id, start: g.startTime < g.endTime ? g.startTime : .min, end: g.endTime, shardIDs: g.shards.map(\.id))
                }
                rps.append(
                    RetentionPolicy(
                        name: rp.name, duration: rp.duration, shardGroupDuration: rp.shardGroupDuration, replicaN: Int(rp.replicaN),
                        shardGroups: groups.sorted { ($0.start, $0.id) < ($1.start, $1.id) }))
            }
            databases.append(
                Database(
                    name: db.name, defaultRetentionPolicy: db.defaultRetentionPolicy, retentionPolicies: rps,
                    continuousQueries: db.continuousQueries.map { ContinuousQuery(name: $0.name, query: $0.query) }))
        }
        users = data.users.map { u in
            User(name: u.name, admin: u.admin, privileges: Dictionary(u.privileges.map { ($0.database, Int($0.privilege)) }) { _, b in b })
        }
    }
}
