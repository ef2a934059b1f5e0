import ArchiveFormat
import Foundation
import NativeBackup
import Support

extension Dumper {
    /// A dump whose points come from an `influxd backup -portable` folder, read offline: the same
    /// archive (segments per database, RP, measurement and shard group; one manifest), its
    /// `source` naming the backup. No server is contacted.
    func run(fromBackup path: String, started: Date) throws -> Manifest {
        let plan = try BackupPlan(path: path, options: options)
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
            guard header.tasks == plan.tasks, header.manifest.source?.path == path else {
                throw DumpError.failed(
                    task: path, underlying: "the interrupted dump was planned from another backup; resume it with the same --from-backup")
            }
            logger.notice("resuming dump", metadata: ["tasks": "\(header.tasks.count)", "alreadySaved": "\(header.saved.count)"])
            return header
        }
        logger.info(
            "dump planned from a native backup",
            metadata: ["backup": "\(path)", "databases": "\(plan.schema.databases.count)", "tasks": "\(plan.tasks.count)"])
        var header = DumpHeader(
            schema: plan.schema, tasks: plan.tasks, options: options, serverVersion: BackupTasks.sourceName, startedAt: started,
            users: plan.users)
        header.manifest.server = .init(url: "file://" + Self.absolute(path), version: BackupTasks.sourceName)
        header.manifest.source = .init(kind: Manifest.Source.portableBackup, path: path, takenAt: Self.rfc3339(plan.folder.takenAt))
        for note in header.manifest.notes ?? [] { logger.warning("\(note)") }
        return header
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `20250601T020304Z` → `2025-06-01T02:03:04Z` (the stamp as given when it is not one).
    static func rfc3339(_ stamp: String) -> String {
        let c = Array(stamp)
        guard c.count == 16, c[8] == "T", c[15] == "Z" else { return stamp }
        let s = { (r: Range<Int>) in String(c[r]) }
        return "\(s(0..<4))-\(s(4..<6))-\(s(6..<8))T\(s(9..<11)):\(s(11..<13)):\(s(13..<15))Z"
    }
}
