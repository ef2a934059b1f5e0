import ArchiveFormat
import Foundation
import LineProtocol
import NativeBackup
import Schema
import Support

/// The plan of a dump from an `influxd backup -portable` folder: the selected databases' shards
/// unpacked and scanned, the schema the manifest records (from the metastore and the TSM
/// indexes), and one task per shard and measurement whose window is the shard group's.
/// Removes what it unpacked when released.
final class BackupPlan: Sendable {
    /// What one task reads: one measurement in one shard, or in several shards whose groups
    /// overlap (1.6.7 can make such groups; a measurement's windows never overlap).
    struct Work: Sendable {
        struct Part: Sendable {
            let shard: ShardFiles
            let measurement: [UInt8]
            let scan: ShardScan.Measurement
        }
        var parts: [Part]
    }

    let folder: BackupFolder
    let schema: ServerSchema
    let tasks: [DumpTask]
    /// By task index.
    let work: [Work]
    let users: [Manifest.User]
    private let workFolder: String

    init(path: String, options: DumpOptions) throws {
        let folder = try BackupFolder.open(path)
        self.folder = folder
        let selection = try BackupSelection(folder.meta, options: options, path: path)
        let workFolder = try Self.makeWorkFolder(options.workFolder)
        self.workFolder = workFolder
        do {
            let entries = selection.shardIDs.compactMap { folder.shards[$0] }
            let shards = try Self.open(entries, of: folder, into: workFolder, jobs: options.jobs)
            var planned = BackupTasks(selection: selection, shards: shards, options: options)
            try planned.build()
            var schema = planned.schema
            // A shard the metastore lists but the backup does not hold (a `-since` or limited
            // backup, or an empty shard): said in the manifest, not passed over in silence.
            for g in selection.groups {
                for id in g.group.shardIDs where folder.shards[id] == nil {
                    schema.notes.append(
                        "shard \(id) of \(g.database)/\(g.retentionPolicy) (\(Timestamp.format(max(g.group.start, Timestamp.minNano))) to "
                            + "\(Timestamp.format(g.group.end))) is in the metastore but not in the backup: its points are not in this archive"
                    )
                }
            }
            self.schema = schema
            tasks = planned.tasks
            work = planned.work
            users = selection.users
        } catch {
            try? FileManager.default.removeItem(atPath: workFolder)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: workFolder) }

    /// Unpacks and scans the shards, `jobs` at a time (gunzip is the serial part of a shard).
    private static func open(
        _ entries: [BackupManifest.Shard], of folder: BackupFolder, into workFolder: String, jobs: Int
    ) throws -> [UInt64: (ShardFiles, ShardScan)] {
        let next = Locked(0)
        let opened = Locked<[UInt64: (ShardFiles, ShardScan)]>([:])
        let failure = Locked<Error?>(nil)
        WorkerPool.run(count: min(jobs, entries.count)) { _ in
            while failure.snapshot == nil {
                let i: Int = next.with { n in
                    defer { n += 1 }
                    return n
                }
                guard i < entries.count else { return }
                do {
                    let files = try ShardFiles(entries[i], of: folder, workFolder: workFolder)
                    let scan = try ShardScan(files)
                    opened.with { $0[entries[i].shardID] = (files, scan) }
                } catch { failure.with { $0 = $0 ?? error } }
            }
        }
        if let error = failure.snapshot { throw error }
        return opened.snapshot
    }

    /// A new private folder for the unpacked shards, under `parent` or the temporary folder.
    private static func makeWorkFolder(_ parent: String?) throws -> String {
        let base = parent ?? FileManager.default.temporaryDirectory.path
        let path = base + "/influxdump-backup-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch { throw NativeBackupError.io(path: path, operation: "create", message: error.localizedDescription) }
        return path
    }
}
