import Foundation

/// An `influxd backup -portable` folder: one or more backup runs, each a `<stamp>.manifest`, a
/// `<stamp>.meta` and `<stamp>.s<id>.tar.gz` per shard. The metastore is the newest run's. A
/// shard named by two runs is refused: a later `-since` run holds only the files changed since,
/// so taking either run's copy alone (as `influxd restore -portable` takes the newest) could lose
/// points, and joining them could bring deleted ones back. A file a manifest names but the folder
/// lacks is an error.
public struct BackupFolder: NativeSource {
    public let path: String
    /// Manifest file names, newest first.
    public let manifests: [String]
    public let meta: MetaSnapshot
    /// By shard ID.
    public let shards: [UInt64: BackupManifest.Shard]
    /// When the newest backup run began, as its file names say (`20060102T150405Z`).
    public let stamp: String
    public var kind: NativeSourceKind { .portableBackup }
    public var takenAt: String { Self.rfc3339(stamp) }

    public static func open(_ path: String) throws(NativeBackupError) -> BackupFolder {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw .io(path: path, operation: "list", message: error.localizedDescription)
        }
        let manifests = names.filter { $0.hasSuffix(".manifest") }.sorted(by: >)
        guard let newest = manifests.first else { throw .notABackup(path: path) }
        var shards: [UInt64: BackupManifest.Shard] = [:]
        var runOf: [UInt64: String] = [:]
        var metaFile: String? = nil
        for name in manifests {
            let manifest = try BackupManifest.load(path: path + "/" + name)
            if metaFile == nil { metaFile = manifest.meta.fileName }
            for shard in manifest.files {
                if let other = runOf[shard.shardID] {
                    throw .severalRuns(path: path, shardID: shard.shardID, runs: [name, other])
                }
                try requireFile(shard.fileName, in: path, manifest: name)
                shards[shard.shardID] = shard
                runOf[shard.shardID] = name
            }
        }
        let meta = try metaFile.map { (m) throws(NativeBackupError) in
            try requireFile(m, in: path, manifest: newest)
            return try MetaSnapshot.load(path: path + "/" + m)
        }
        guard let meta else { throw .notABackup(path: path) }
        return BackupFolder(
            path: path, manifests: manifests, meta: meta, shards: shards, stamp: String(newest.dropLast(".manifest".count)))
    }

    public func holds(_ id: UInt64) -> Bool { shards[id] != nil }

    public func openShard(_ id: UInt64, workFolder: String) throws(NativeBackupError) -> ShardFiles {
        guard let shard = shards[id] else { throw .missingFile(path: path, message: "holds no shard \(id)") }
        return try ShardFiles(shard, of: self, workFolder: workFolder)
    }

    /// `20250601T020304Z` → `2025-06-01T02:03:04Z` (the stamp as given when it is not one).
    static func rfc3339(_ stamp: String) -> String {
        let c = Array(stamp)
        guard c.count == 16, c[8] == "T", c[15] == "Z" else { return stamp }
        let s = { (r: Range<Int>) in String(c[r]) }
        return "\(s(0..<4))-\(s(4..<6))-\(s(6..<8))T\(s(9..<11)):\(s(11..<13)):\(s(13..<15))Z"
    }

    /// The path of a shard's archive.
    public func archivePath(of shard: BackupManifest.Shard) -> String { path + "/" + shard.fileName }

    private static func requireFile(_ name: String, in folder: String, manifest: String) throws(NativeBackupError) {
        guard !name.contains("/") else { throw .manifestUnreadable(path: folder + "/" + manifest, message: "file name \(name) has a /") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .missingFile(path: folder + "/" + name, message: "named by \(manifest) but missing from the backup folder")
        }
    }
}
