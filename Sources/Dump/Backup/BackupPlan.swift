import ArchiveFormat
import Foundation
import LineProtocol
import NativeBackup
import Schema
import Support

/// The plan of a dump from native files (an `influxd backup -portable` folder, or a stopped
/// server's data directory): the selected databases' shards opened (a backup's unpacked) and
/// scanned, the schema the manifest records (from the metastore and the TSM indexes), and one
/// task per shard and measurement whose window is the shard group's. Removes what it unpacked
/// when released.
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

    let source: any NativeSource
    let schema: ServerSchema
    let tasks: [DumpTask]
    /// By task index.
    let work: [Work]
    let users: [Manifest.User]
    /// What the WAL replays skipped, as influxd would (damaged or torn segment tails).
    let walNotes: [String]
    private let workFolder: String

    init(source: any NativeSource, options: DumpOptions) throws {
        self.source = source
        let selection = try BackupSelection(source.meta, options: options, path: source.path)
        Self.raiseOpenFileLimit()
        let workFolder = try Self.makeWorkFolder(options.workFolder)
        self.workFolder = workFolder
        do {
            let ids = selection.shardIDs.filter { source.holds($0) }
            let shards = try Self.open(ids, of: source, into: workFolder, jobs: options.jobs)
            var planned = BackupTasks(selection: selection, shards: shards, options: options)
            try planned.build()
            var schema = planned.schema
            // A shard the metastore lists but the backup does not hold (a `-since` or limited
            // backup, or an empty shard): said in the manifest, not passed over in silence.
            for g in selection.groups {
                for id in g.group.shardIDs where !source.holds(id) {
                    schema.notes.append(
                        "shard \(id) of \(g.database)/\(g.retentionPolicy) (\(Timestamp.format(max(g.group.start, Timestamp.minNano))) to "
                            + "\(Timestamp.format(g.group.end))) is in the metastore but not in the \(source.kind.noun): its points are not in this archive"
                    )
                }
            }
            self.schema = schema
            tasks = planned.tasks
            work = planned.work
            users = selection.users
            walNotes = shards.values.flatMap { $0.0.cache?.notes ?? [] }.sorted()
        } catch {
            try? FileManager.default.removeItem(atPath: workFolder)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: workFolder) }

    /// Unpacks and scans the shards, `jobs` at a time (gunzip is the serial part of a shard).
    private static func open(
        _ ids: [UInt64], of source: any NativeSource, into workFolder: String, jobs: Int
    ) throws -> [UInt64: (ShardFiles, ShardScan)] {
        let next = Locked(0)
        let opened = Locked<[UInt64: (ShardFiles, ShardScan)]>([:])
        let failure = Locked<Error?>(nil)
        WorkerPool.run(count: min(jobs, ids.count)) { _ in
            while failure.snapshot == nil {
                let i: Int = next.with { n in
                    defer { n += 1 }
                    return n
                }
                guard i < ids.count else { return }
                do {
                    let files = try source.openShard(ids[i], workFolder: workFolder)
                    let scan = try ShardScan(files)
                    opened.with { $0[ids[i]] = (files, scan) }
                } catch { failure.with { $0 = $0 ?? error } }
            }
        }
        if let error = failure.snapshot { throw error }
        return opened.snapshot
    }

    /// Every selected shard's TSM files stay open from the plan to the end of the dump (one
    /// descriptor each): the soft limit on open files is raised to the hard one, as servers do.
    private static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
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
