import Foundation
import SwiftProtobuf
import XCTest

@testable import NativeBackup

/// Builds an `influxd backup -portable` folder on disk as `cmd/influxd/backup` lays it out:
/// `<stamp>.manifest` (JSON, written here as text), `<stamp>.meta` (a `PortableData` message
/// whose `data` is the metastore's `Data` message) and `<stamp>.s<id>.tar.gz` per shard, whose
/// members are `<db>/<rp>/<id>/<file>` (made with the system `tar`).
struct BackupFixture {
    let folder: TempFolder

    init() throws { folder = try TempFolder() }

    var path: String { folder.path }

    func remove() { folder.remove() }

    /// A metastore with one database `db` (RP `autogen`, one group holding shards 1 and 2).
    static func simpleMeta() -> InfluxdbMeta_Data {
        var group = InfluxdbMeta_ShardGroupInfo()
        group.id = 1
        group.startTime = 0
        group.endTime = 604_800_000_000_000
        group.shards = [UInt64(1), 2].map { id in
            var s = InfluxdbMeta_ShardInfo()
            s.id = id
            return s
        }
        var rp = InfluxdbMeta_RetentionPolicyInfo()
        rp.name = "autogen"
        rp.shardGroups = [group]
        var db = InfluxdbMeta_DatabaseInfo()
        db.name = "db"
        db.defaultRetentionPolicy = "autogen"
        db.retentionPolicies = [rp]
        var data = InfluxdbMeta_Data()
        data.databases = [db]
        return data
    }

    /// The bytes of a `.meta` file holding `data`.
    static func metaBytes(_ data: InfluxdbMeta_Data) throws -> [UInt8] {
        var portable = InfluxdbMeta_PortableData()
        portable.data = try data.serializedBytes()
        portable.maxNodeID = 0
        return try portable.serializedBytes()
    }

    @discardableResult
    func writeMeta(_ stamp: String, _ data: InfluxdbMeta_Data = simpleMeta()) throws -> String {
        try folder.write(stamp + ".meta", try Self.metaBytes(data))
    }

    /// One entry of a manifest's `files`, as Go's `backup_util.Entry` marshals it.
    static func entryJSON(_ id: UInt64, _ fileName: String, db: String = "db", rp: String = "autogen") -> String {
        #"{"database": "\#(db)", "policy": "\#(rp)", "shardID": \#(id), "fileName": "\#(fileName)", "size": 1024, "lastModified": 0}"#
    }

    /// `<stamp>.manifest` naming `<stamp>.meta` and `files` (JSON objects, or `null`).
    @discardableResult
    func writeManifest(_ stamp: String, files: [String]?) throws -> String {
        let list = files.map { "[" + $0.joined(separator: ", ") + "]" } ?? "null"
        let json = #"{"meta": {"fileName": "\#(stamp).meta", "size": 10}, "limited": false, "files": \#(list)}"#
        return try folder.write(stamp + ".manifest", u8(json))
    }

    /// `<stamp>.s<id>.tar.gz` with `files` under `<db>/<rp>/<id>/`; returns its file name.
    @discardableResult
    func writeShard(_ stamp: String, id: UInt64, _ files: [(String, [UInt8])], db: String = "db", rp: String = "autogen") throws -> String {
        let stage = path + "/stage-\(stamp)-\(id)"
        defer { try? FileManager.default.removeItem(atPath: stage) }
        let inner = "\(db)/\(rp)/\(id)"
        try FileManager.default.createDirectory(atPath: stage + "/" + inner, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: stage + "/" + inner + "/" + name)) }
        let name = "\(stamp).s\(id).tar.gz"
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["-czf", path + "/" + name, "-C", stage, db]
        try tar.run()
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else { throw XCTSkip("tar -czf failed (\(tar.terminationStatus))") }
        return name
    }

    /// A whole one-run backup: meta, manifest and one archive per shard.
    func writeBackup(_ stamp: String, shards: [UInt64: [(String, [UInt8])]], meta: InfluxdbMeta_Data = simpleMeta()) throws {
        try writeMeta(stamp, meta)
        var entries: [String] = []
        for (id, files) in shards.sorted(by: { $0.key < $1.key }) {
            entries.append(Self.entryJSON(id, try writeShard(stamp, id: id, files)))
        }
        try writeManifest(stamp, files: entries)
    }

    /// Opens the folder and unpacks shard `id` into a work folder inside it.
    func shard(_ id: UInt64) throws -> ShardFiles {
        let backup = try BackupFolder.open(path)
        let work = path + "/work-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: false)
        let entry = try XCTUnwrap(backup.shards[id], "shard \(id) in the backup")
        return try ShardFiles(entry, of: backup, workFolder: work)
    }
}
