import Foundation

/// The files of a stopped InfluxDB 1.x server, read in place: `meta/meta.db` (the metastore),
/// `data/<db>/<rp>/<shard>/` (TSM files and tombstones) and `wal/<db>/<rp>/<shard>/` (WAL
/// segments, the cache when it stopped), as `/var/lib/influxdb` holds them. Refused while any
/// process has a file under it open (`RunningServer`): compactions delete files mid-read.
public struct DataDirectory: NativeSource {
    public let path: String
    public let meta: MetaSnapshot
    public let takenAt: String
    public var kind: NativeSourceKind { .dataDirectory }
    /// Shard ID → (database, RP), for the shards whose data folder exists.
    private let shards: [UInt64: (database: String, retentionPolicy: String)]

    public static func open(_ path: String) throws(NativeBackupError) -> DataDirectory {
        let metaFile = path + "/meta/meta.db"
        guard FileManager.default.fileExists(atPath: metaFile) else { throw .notADataDirectory(path: path) }
        try RunningServer.refuse(path)
        let meta = try MetaSnapshot.load(serverFile: metaFile)
        var shards: [UInt64: (String, String)] = [:]
        var newest = Date(timeIntervalSince1970: 0)
        for db in meta.databases {
            for rp in db.retentionPolicies {
                for id in rp.shardGroups.flatMap(\.shardIDs) {
                    let folder = "\(path)/data/\(db.name)/\(rp.name)/\(id)"
                    guard FileManager.default.fileExists(atPath: folder) else { continue }
                    shards[id] = (db.name, rp.name)
                    for f in [folder, "\(path)/wal/\(db.name)/\(rp.name)/\(id)"] { newest = max(newest, Self.newestChange(f)) }
                }
            }
        }
        return DataDirectory(path: path, meta: meta, takenAt: Self.format(newest), shards: shards)
    }

    public func holds(_ id: UInt64) -> Bool { shards[id] != nil }

    public func openShard(_ id: UInt64, workFolder: String) throws(NativeBackupError) -> ShardFiles {
        guard let (db, rp) = shards[id] else { throw .missingFile(path: path, message: "holds no shard \(id)") }
        let wal = "\(path)/wal/\(db)/\(rp)/\(id)"
        return try ShardFiles(
            shardID: id, database: db, retentionPolicy: rp, data: "\(path)/data/\(db)/\(rp)/\(id)",
            wal: FileManager.default.fileExists(atPath: wal) ? wal : nil)
    }

    /// The latest modification time of a folder's files.
    private static func newestChange(_ folder: String) -> Date {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { (try? FileManager.default.attributesOfItem(atPath: folder + "/" + $0))?[.modificationDate] as? Date }
            .max() ?? Date(timeIntervalSince1970: 0)
    }

    private static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
