import ArchiveFormat
import Foundation
import NativeBackup
import Support

extension Dumper {
    /// A dump whose points come from an `influxd backup -portable` folder, read offline: the same
    /// archive (segments per database, RP, measurement and shard group; one manifest), its
    /// `source` naming the backup. No server is contacted.
    func run(fromNative path: String, started: Date) throws -> Manifest {
        let source: any NativeSource =
            options.nativeKind == .dataDirectory ? try DataDirectory.open(path) : try BackupFolder.open(path)
        let plan = try BackupPlan(source: source, options: options)
        databaseNames = plan.schema.databases.map(\.name)
        let header = try backupHeader(plan, path: path, started: started)
        try sink.begin(header: header.manifest, tasks: header.tasks)
        header.options.progress?.setUnits(done: Int64(header.saved.count), total: Int64(header.tasks.count))
        let (options, sink) = (header.options, self.sink)
        let finished = try DumpWorkers(
            tasks: header.tasks, options: options, sink: sink, logger: logger,
            makeRunner: { BackupTaskRunner(plan: plan, sink: sink, options: options) }
        ).run(saved: header.saved)
        return try publish(header, finished)
    }

    /// A new header, or the interrupted dump's when its plan is this backup's plan.
    private func backupHeader(_ plan: BackupPlan, path: String, started: Date) throws -> DumpHeader {
        if let state = sink.resumeState {
            let header = try DumpHeader(resuming: state, options: options)
            // The tasks name shards by position in the plan: the same backup plans the same tasks.
            // The same plan from the same files: a run added to the folder, or a data directory
            // written to in between, has another time.
            guard header.tasks == plan.tasks, header.manifest.source?.path == path, header.manifest.source?.takenAt == plan.source.takenAt
            else {
                throw DumpError.failed(
                    task: path,
                    underlying:
                        "the interrupted dump was planned from other files; resume it with the same --from-backup or --from-data-dir")
            }
            logger.notice("resuming dump", metadata: ["tasks": "\(header.tasks.count)", "alreadySaved": "\(header.saved.count)"])
            return header
        }
        logger.info(
            "dump planned from a native backup",
            metadata: ["backup": "\(path)", "databases": "\(plan.schema.databases.count)", "tasks": "\(plan.tasks.count)"])
        var header = DumpHeader(
            schema: plan.schema, tasks: plan.tasks, options: options, serverVersion: plan.source.kind.serverVersion,
            startedAt: started,
            users: plan.users)
        let kind = plan.source.kind
        header.manifest.server = .init(url: "file://" + Self.absolute(path), version: kind.serverVersion)
        header.manifest.source = .init(kind: kind.rawValue, path: path, takenAt: plan.source.takenAt)
        for cache in plan.walNotes { header.manifest.notes = (header.manifest.notes ?? []) + [cache] }
        for note in header.manifest.notes ?? [] { logger.warning("\(note)") }
        return header
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
