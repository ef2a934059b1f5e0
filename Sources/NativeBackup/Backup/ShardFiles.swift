import Foundation

/// One shard of a backup, unpacked: its TSM files oldest first (by generation, then sequence),
/// each with its own tombstones. Owns the folder it was unpacked into and removes it in `deinit`.
public final class ShardFiles: Sendable {
    public let shardID: UInt64
    public let database: String
    public let retentionPolicy: String
    /// Oldest first: where files overlap, a later one's values win.
    public let files: [TSMFile]
    /// `tombstones[i]` belongs to `files[i]`.
    public let tombstones: [Tombstones]
    private let folder: String

    /// Unpacks `shard`'s archive of `backup` into a new folder under `workFolder`.
    public init(_ shard: BackupManifest.Shard, of backup: BackupFolder, workFolder: String) throws(NativeBackupError) {
        shardID = shard.shardID
        database = shard.database
        retentionPolicy = shard.policy
        let folder = workFolder + "/shard-\(shard.shardID)"
        self.folder = folder
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) } catch {
            throw .io(path: folder, operation: "create", message: error.localizedDescription)
        }
        do {
            let archive = backup.archivePath(of: shard)
            let names = try ShardArchive.unpack(archive, into: folder)
            var opened: [TSMFile] = []
            for name in names where name.hasSuffix(".tsm") {
                opened.append(try TSMFile(path: folder + "/" + name, label: archive + ":" + name))
            }
            opened.sort { ($0.generation, $0.sequence, $0.path) < ($1.generation, $1.sequence, $1.path) }
            files = opened
            tombstones = try opened.map { (f) throws(NativeBackupError) in
                let stone = String(f.path.dropLast(".tsm".count)) + ".tombstone"
                let label = String(f.label.dropLast(".tsm".count)) + ".tombstone"
                return FileManager.default.fileExists(atPath: stone) ? try Tombstones.load(path: stone, label: label) : Tombstones()
            }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}
