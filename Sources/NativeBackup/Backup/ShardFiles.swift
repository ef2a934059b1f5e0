import Foundation

/// One shard's files: its TSM files oldest first (by generation, then sequence), each with its
/// own tombstones, and for a stopped server's data directory what its WAL holds (newer than every
/// file). A shard unpacked from a backup owns the folder it was unpacked into and removes it in
/// `deinit`; a data directory's shard is read where it is and never changed.
public final class ShardFiles: Sendable {
    public let shardID: UInt64
    public let database: String
    public let retentionPolicy: String
    /// Oldest first: where files overlap, a later one's values win.
    public let files: [TSMFile]
    /// `tombstones[i]` belongs to `files[i]`.
    public let tombstones: [Tombstones]
    /// The WAL's values (data directories only); they win over every file's.
    public let cache: WALCache?
    private let ownedFolder: String?

    /// Unpacks `shard`'s archive of `backup` into a new folder under `workFolder`.
    public init(_ shard: BackupManifest.Shard, of backup: BackupFolder, workFolder: String) throws(NativeBackupError) {
        shardID = shard.shardID
        database = shard.database
        retentionPolicy = shard.policy
        cache = nil
        let folder = workFolder + "/shard-\(shard.shardID)"
        ownedFolder = folder
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) } catch {
            throw .io(path: folder, operation: "create", message: error.localizedDescription)
        }
        do {
            let archive = backup.archivePath(of: shard)
            let names = try ShardArchive.unpack(archive, shardID: shard.shardID, into: folder)
            (files, tombstones) = try Self.open(names, in: folder, label: archive + ":")
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// A shard of a stopped server, read in place: `data` holds its TSM files, `wal` its WAL
    /// segments (nil: none).
    public init(shardID: UInt64, database: String, retentionPolicy: String, data: String, wal: String?) throws(NativeBackupError) {
        self.shardID = shardID
        self.database = database
        self.retentionPolicy = retentionPolicy
        ownedFolder = nil
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: data) } catch {
            throw .io(path: data, operation: "list", message: error.localizedDescription)
        }
        (files, tombstones) = try Self.open(names, in: data, label: data + "/")
        cache = try wal.map { (w) throws(NativeBackupError) in try WALCache.load(folder: w, label: w) }
    }

    /// The `.tsm` files of `names` in `folder`, oldest first, with their tombstones.
    private static func open(_ names: [String], in folder: String, label: String) throws(NativeBackupError) -> ([TSMFile], [Tombstones]) {
        var opened: [TSMFile] = []
        for name in names where name.hasSuffix(".tsm") {
            opened.append(try TSMFile(path: folder + "/" + name, label: label + name))
        }
        opened.sort { ($0.generation, $0.sequence, $0.path) < ($1.generation, $1.sequence, $1.path) }
        let tombstones = try opened.map { (f) throws(NativeBackupError) in
            let stone = String(f.path.dropLast(".tsm".count)) + ".tombstone"
            let label = String(f.label.dropLast(".tsm".count)) + ".tombstone"
            return FileManager.default.fileExists(atPath: stone) ? try Tombstones.load(path: stone, label: label) : Tombstones()
        }
        return (opened, tombstones)
    }

    deinit { if let ownedFolder { try? FileManager.default.removeItem(atPath: ownedFolder) } }
}
