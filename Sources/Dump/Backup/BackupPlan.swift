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
    struct Work: Sendable {
        let shard: ShardFiles
        let measurement: [UInt8]
        let scan: ShardScan.Measurement
    }

    let folder: BackupFolder
    let schema: ServerSchema
    let tasks: [DumpTask]
    /// By task index.
    let work: [Work]
    let users: [Manifest.User]
    private let workFolder: String

    init(path: String, options: DumpOptions) throws {
        folder = try BackupFolder.open(path)
        let selection = try BackupSelection(folder.meta, options: options, path: path)
        workFolder = try Self.makeWorkFolder(options.workFolder)
        do {
            var shards: [UInt64: (ShardFiles, ShardScan)] = [:]
            for id in selection.shardIDs {
                guard let entry = folder.shards[id] else { continue }
                let files = try ShardFiles(entry, of: folder, workFolder: workFolder)
                shards[id] = (files, try ShardScan(files))
            }
            var planned = BackupTasks(selection: selection, shards: shards, options: options)
            try planned.build()
            schema = planned.schema
            tasks = planned.tasks
            work = planned.work
            users = selection.users
        } catch {
            try? FileManager.default.removeItem(atPath: workFolder)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: workFolder) }

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
