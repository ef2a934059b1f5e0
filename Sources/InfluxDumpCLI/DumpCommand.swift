import ArgumentParser
import Foundation
import InfluxDump

struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Save databases into an archive directory or a stream on stdout.",
        discussion: """
            Queries one retention policy, measurement and shard group (or --chunk window) at a time, \
            in parallel, and writes zstd-compressed line-protocol segments and a manifest. The manifest \
            is written last: a directory without one is not an archive.

            EXAMPLES:
              influxdump dump --host http://127.0.0.1:8086 -d telegraf -o /backups/telegraf-2026-11-21
              influxdump dump -d telegraf -m cpu --start 2026-11-01 --end 2026-11-02 -o cpu-day
              influxdump dump -d telegraf -o - | influxdump restore --host http://b:8086 -i -
              influxdump dump --from-backup /backups/influxd-2025-06-01 -d telegraf -o telegraf-logical
              influxdump dump --from-data-dir /var/lib/influxdb -d telegraf -o telegraf-logical

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: [.customShort("d"), .customLong("database")],
        help: ArgumentHelp("Database to dump (repeatable; default every database except _internal).", valueName: "name"))
    var databases: [String] = []

    @OptionGroup var filters: FilterOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Longest time window of one query, e.g. 1h or 1d (default: one shard group).", valueName: "duration"))
    var chunk: String?

    @Option(
        name: [.customShort("j"), .long], help: ArgumentHelp("Queries run in parallel (default: number of CPU cores).", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("zstd level, 1 (fast) to 19 (small).", valueName: "n"))
    var compressionLevel: Int32 = 1

    @Option(
        name: .long,
        help: ArgumentHelp(
            "MiB of line protocol after which a window continues in a new segment file (1 to 23: a segment must fit one /write request).",
            valueName: "MiB"))
    var segmentSize: Int = 16

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("New or empty archive directory, or - for a stream on stdout.", valueName: "dir"))
    var output: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "auto: query windows without GROUP BY * (tags as columns, faster) wherever names are unambiguous; series: always GROUP BY *.",
            valueName: "auto|series"))
    var queryShape: String = "auto"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read this `influxd backup -portable` folder offline instead of a server (no server is contacted; one window per shard group).",
            valueName: "dir"))
    var fromBackup: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the data directory of a stopped server offline (the folder holding meta, data and wal, e.g. /var/lib/influxdb); refused while a process has its files open.",
            valueName: "dir"))
    var fromDataDir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where --from-backup unpacks the shards while it runs (default: the temporary folder); needs room for them uncompressed.",
            valueName: "dir"))
    var workDir: String?

    @Flag(help: "Print the planned queries (one JSON object per line: database, query) and exit without dumping.")
    var planOnly = false

    @Flag(
        help:
            "Continue an interrupted dump in its output directory: saved queries are re-checked and kept, the rest is fetched (the plan and settings of the first run are used)."
    )
    var resume = false

    @OptionGroup(title: "Encryption (age)") var recipientOptions: RecipientOptions

    @OptionGroup(title: "Encryption (age)") var identityOptions: IdentityOptions

    @OptionGroup(title: "Object storage (s3:// outputs)") var objectStorage: ObjectStorageOptions

    @OptionGroup(title: "Object storage (s3:// outputs)") var objectWrites: ObjectWriteOptions

    @OptionGroup var throttleOptions: ThrottleOptions

    @OptionGroup var metricsOptions: MetricsOptions

    @Flag(help: "Print one JSON object with the outcome on stdout at the end (formats/results.md); not with -o -.")
    var json = false

    @OptionGroup var outputOptions: OutputOptions

    /// `--json`'s `result`.
    struct Result: Encodable {
        var archive: String
        var databases: [String]
        var points: Int64
        var segments: Int
        var rawBytes: Int64
        var compressedBytes: Int64
        var pointsWithoutFields: Int64
        var findings: [String]

        init(archive: String, manifest m: Manifest) {
            self.archive = archive
            databases = m.databases.map(\.name)
            points = m.totalPoints
            segments = m.segments.count
            rawBytes = m.totalRawBytes
            compressedBytes = m.totalCompressedBytes
            pointsWithoutFields = m.pointsWithoutFields ?? 0
            findings = m.findings
        }
    }

    func run() throws {
        if json && output == "-" { throw UsageError("--json prints on stdout, which -o - uses for the dump stream") }
        if json && planOnly { throw UsageError("--plan-only already prints JSON lines; leave out --json") }
        if planOnly {
            let options = try dumpOptions()
            let logger = Console.logger(level: try outputOptions.level())
            for task in try Dumper(options: options, sink: try StreamArchiveWriter(fileDescriptor: -1), logger: logger).plan() {
                let line = try JSONSerialization.data(
                    withJSONObject: ["database": task.database, "query": task.query], options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: line, as: UTF8.self))
            }
            return
        }
        try JSONReport<Result>.run(command: "dump", enabled: json) {
            let (manifest, error) = try dump()
            return (Result(archive: output, manifest: manifest), error)
        }
    }

    private func dumpOptions() throws -> DumpOptions {
        var options = DumpOptions(source: try connection.configuration())
        options.databases = databases
        // Checked here (usage error); discovery matches the texts against SHOW results.
        _ = try filters.retentionFilter()
        _ = try filters.measurementFilter()
        options.retentionPolicies = filters.retentionPolicies
        options.measurements = filters.measurements
        (options.start, options.end) = try filters.timeRange()
        if let chunk {
            guard let ns = GoDuration.parse(chunk), ns > 0 else {
                throw UsageError("--chunk \"\(chunk)\": expected a duration such as 30m, 6h or 7d")
            }
            options.chunk = ns
        }
        options.jobs = try positive("--jobs", jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        guard (1...19).contains(compressionLevel) else { throw UsageError("--compression-level must be 1 to 19, got \(compressionLevel)") }
        options.compressionLevel = compressionLevel
        guard (1...Int(DumpOptions.maxSegmentSize >> 20)).contains(segmentSize) else {
            throw UsageError("--segment-size must be 1 to \(DumpOptions.maxSegmentSize >> 20) MiB, got \(segmentSize)")
        }
        options.segmentSize = Int64(segmentSize) << 20
        guard let shape = QueryShapeOption(rawValue: queryShape) else {
            throw UsageError("--query-shape \"\(queryShape)\": expected auto or series")
        }
        options.queryShape = shape
        options.retry = connection.retryPolicy
        options.throttle = try throttleOptions.throttle()
        if resume && output == "-" { throw UsageError("--resume needs an output directory, not -") }
        if fromBackup != nil && fromDataDir != nil { throw UsageError("give --from-backup or --from-data-dir, not both") }
        if let native = fromBackup ?? fromDataDir {
            let flag = fromBackup != nil ? "--from-backup" : "--from-data-dir"
            if chunk != nil { throw UsageError("--chunk does not apply to \(flag): files are read one shard group at a time") }
            if planOnly { throw UsageError("--plan-only prints HTTP queries; \(flag) runs none") }
            options.fromBackup = native
            options.nativeKind = fromBackup != nil ? .portableBackup : .dataDirectory
            if workDir != nil && fromBackup == nil {
                throw UsageError("--work-dir is for --from-backup: a data directory is read in place")
            }
            options.workFolder = workDir
        } else if workDir != nil {
            throw UsageError("--work-dir is for --from-backup")
        }
        return options
    }

    /// The published manifest, and the error the dump ends with when it was published anyway
    /// (data that could not be saved exactly: the findings).
    private func dump() throws -> (Manifest, Error?) {
        let logger = Console.logger(level: try outputOptions.level())
        try outputOptions.applyUmask()
        var options = try dumpOptions()
        let keys = try identityOptions.keys(recipients: try recipientOptions.recipientKeys())
        let storage = try objectStorage.storage(tls: connection, writing: objectWrites, keys: keys)
        let session = DumpSession(
            output: output == "-" ? .stream(fileDescriptor: 1, keys: keys) : .store(try storage.store(for: output), resume: resume),
            logger: logger)
        // A retry loop's --resume after a success: nothing to do, and the archive is not touched.
        if let complete = try session.completeArchive() {
            Console.say("\(output): the archive is already complete; nothing to resume")
            return (complete, nil)
        }
        let display = try outputOptions.progressDisplay()
        let metrics = try metricsOptions.publisher(server: options.source)
        try session.open()
        let started = Date()
        if let display {
            let progress = TransferProgress(
                label: databases.isEmpty ? "all databases" : databases.joined(separator: ","), operation: "dump")
            display.board.add(progress)
            options.progress = progress
            display.start()
        }
        let manifest: Manifest
        var ending: Error? = nil
        do {
            defer { display?.stop() }
            manifest = try session.run(options)
        } catch {
            let seconds = Date().timeIntervalSince(started)
            guard let published = session.published else {
                if case .kept(let saved)? = session.leftover {
                    Console.say(
                        "\(output) keeps the \(saved) quer\(saved == 1 ? "y" : "ies") saved so far; "
                            + "run the same command with --resume to continue")
                }
                MetricsOptions.publish(
                    metrics,
                    RunMetrics.failure(
                        .dump, job: nil, databases: session.databaseNames.isEmpty ? databases : session.databaseNames,
                        seconds: seconds), logger: logger)
                throw error
            }
            manifest = published
            ending = error
        }
        let seconds = Date().timeIntervalSince(started)
        MetricsOptions.publish(metrics, RunMetrics.dump(manifest, seconds: seconds, succeeded: ending == nil), logger: logger)
        Console.info(
            "dumped \(manifest.totalPoints) points in \(manifest.segments.count) segments, \(formatBytes(manifest.totalRawBytes)) of line protocol as \(formatBytes(manifest.totalCompressedBytes)), in \(String(format: "%.1f", seconds)) s"
                + (output == "-" ? "" : " to \(output)"))
        return (manifest, ending)
    }
}
