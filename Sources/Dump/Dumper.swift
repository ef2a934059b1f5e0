import ArchiveFormat
import Foundation
import InfluxAPI
import Logging
import Schema
import Support

/// Runs a dump: discover the schema, plan windows, query them in parallel (one libcurl handle
/// per worker), stream each response through the encoder into segments, publish the manifest last.
public final class Dumper {
    public let options: DumpOptions
    let sink: ArchiveSink
    let logger: Logger
    /// The databases being dumped, once discovered (for a failure's metrics).
    public internal(set) var databaseNames: [String] = []
    /// The manifest, once published: also set when `run` then throws because some data could
    /// not be saved exactly (`DumpError.unrepresentable`).
    public private(set) var published: Manifest? = nil

    public init(options: DumpOptions, sink: ArchiveSink, logger: Logger) {
        self.options = options
        self.sink = sink
        self.logger = logger
    }

    /// Returns the published manifest. Throws (and publishes no manifest) if any query failed
    /// for good; throws `DumpError.unrepresentable` after publishing if some data could not be saved.
    @discardableResult
    public func run() throws -> Manifest {
        let started = Date()
        if let backup = options.fromBackup { return try run(fromNative: backup, started: started) }
        let client = try InfluxClient(config: options.source)
        let version = try options.retry.run(isTransient: Self.isTransient) { try client.ping() }
        let header = try begin(client: client, version: version, started: started)
        try sink.begin(header: header.manifest, tasks: header.tasks)
        header.options.progress?.setUnits(done: Int64(header.saved.count), total: Int64(header.tasks.count))
        let (options, sink, logger) = (header.options, self.sink, self.logger)
        let finished = try DumpWorkers(
            tasks: header.tasks, options: options, sink: sink, logger: logger,
            makeRunner: { try QueryRunner(options: options, sink: sink, logger: logger) }
        ).run(saved: header.saved)
        return try publish(header, finished)
    }

    /// The header of the interrupted dump the sink holds, or of a new one planned now.
    private func begin(client: InfluxClient, version: String, started: Date) throws -> DumpHeader {
        if let state = sink.resumeState {
            // Same plan and settings as the interrupted run; only the queries not saved are run.
            let header = try DumpHeader(resuming: state, options: options)
            databaseNames = header.manifest.databases.map(\.name)
            logger.notice("resuming dump", metadata: ["queries": "\(header.tasks.count)", "alreadySaved": "\(header.saved.count)"])
            return header
        }
        let (schema, tasks) = try plan(client: client, version: version)
        databaseNames = schema.databases.map(\.name)
        logger.info(
            "dump planned", metadata: ["databases": "\(schema.databases.count)", "queries": "\(tasks.count)", "server": "\(version)"])
        let users = try SchemaDiscovery(client: client).usersToRecord(databases: schema.databases.map(\.name))
        let header = DumpHeader(schema: schema, tasks: tasks, options: options, serverVersion: version, startedAt: started, users: users)
        for note in header.manifest.notes ?? [] { logger.warning("\(note)") }
        return header
    }

    /// Folds the outcomes into the manifest and publishes it; then throws
    /// `DumpError.unrepresentable` if some data could not be saved exactly.
    func publish(_ header: DumpHeader, _ finished: DumpWorkers.Finished) throws -> Manifest {
        var manifest = header.manifest
        let totals = try DumpTotals(
            tasks: header.tasks, outcomes: finished.outcomes, inheritedWatermarks: header.options.inheritedWatermarks)
        totals.apply(to: &manifest, recordsWatermarks: header.options.job != nil)
        // A resumed dump does not know the series of the queries saved before it.
        if header.saved.isEmpty { finished.series.record(in: &manifest) }
        if totals.pointsWithoutFields > 0 {
            logger.notice("points left out by the field filter (no field left)", metadata: ["points": "\(totals.pointsWithoutFields)"])
        }
        manifest.complete = true
        manifest.finishedAt = Timestamp.format(Timestamp.wholeSeconds())
        try sink.finish(manifest: manifest)
        published = manifest
        logger.info(
            "dump finished",
            metadata: [
                "points": "\(manifest.totalPoints)", "segments": "\(manifest.segments.count)",
                "rawBytes": "\(manifest.totalRawBytes)", "compressedBytes": "\(manifest.totalCompressedBytes)",
            ])
        let lost = totals.findings.total
        let unsaved = header.manifest.findings.count
        if lost > 0 || unsaved > 0 {
            for f in manifest.findings { logger.error("not saved exactly: \(f)") }
            throw lost > 0 ? DumpError.unrepresentable(count: lost) : DumpError.unsavedMeasurements(count: unsaved)
        }
        return manifest
    }

    /// Discovers the schema and plans the queries, without dumping (`dump --plan-only`).
    public func plan() throws -> [DumpTask] {
        let client = try InfluxClient(config: options.source)
        let version = try options.retry.run(isTransient: Self.isTransient) { try client.ping() }
        return try plan(client: client, version: version).1
    }

    static func isTransient(_ error: Error) -> Bool {
        (error as? InfluxClientError)?.isTransient ?? false
    }
}
