import AgeEncryption
import ArchiveFormat
import Dump
import Foundation
import InfluxAPI
import Logging
import Metrics
import ObjectStorage
import Restore
import Schema
import Support

/// Runs one job once: a dump into the job's archive folder or, for a server target, a dump
/// piped in-process into a restore. Incremental runs continue from the last archive's
/// watermarks (minus `lookback`) or from the destination's newest point per measurement.
public final class JobRunner: @unchecked Sendable {
    public let job: JobConfig
    let logger: Logger
    private let cancellation: Cancellation
    private let environment: [String: String]
    /// This run's counters, for a progress display (nil: none).
    public let progress: TransferProgress?
    private let throttle: Throttle?

    public init(
        job: JobConfig, logger: Logger, cancellation: Cancellation, environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: TransferProgress? = nil
    ) {
        self.job = job
        self.logger = logger
        self.cancellation = cancellation
        self.environment = environment
        self.progress = progress
        throttle = Throttle(
            pointsPerSecond: job.options.maxPointsPerSecond.map(Double.init), bytesPerSecond: job.options.maxBytesPerSecond.map(Double.init)
        )
    }

    func password(_ source: JobConfig.PasswordSource) throws -> String? {
        switch source {
        case .none: return nil
        case .literal(let p): return p
        case .environment(let name):
            guard let p = environment[name] else {
                throw JobConfigError(
                    file: job.file, line: 1, column: 1, key: "password_env", message: "environment variable \(name) is not set")
            }
            return p
        case .file(let path):
            guard let contents = PasswordFile.read(path) else {
                throw JobConfigError(
                    file: job.file, line: 1, column: 1, key: "password_file", message: "file \(path) not found or not readable")
            }
            if contents.readableByOthers { logger.warning("password file \(path) is readable by other users (chmod 600 it)") }
            return contents.password
        }
    }

    func client(_ e: JobConfig.Endpoint) throws -> ClientConfiguration {
        ClientConfiguration(
            baseURL: e.url, username: e.username, password: try password(e.password), caCertPath: e.caCert,
            insecureSkipVerify: e.insecureSkipVerify, stallTimeout: job.options.timeout)
    }

    /// Runs the job, then publishes its metrics (`metrics:`) whatever the outcome; a metrics
    /// failure is a warning in the result and the log, never a failed run.
    public func run(now: Date = Date()) -> JobResult {
        let started = Date()
        var result = JobResult(job: job.name, status: .succeeded)
        var manifest: Manifest? = nil
        do {
            switch job.target {
            case .archive(let path, let prune, let fullEvery):
                try runToArchive(path: path, prune: prune, fullEvery: fullEvery, now: now, result: &result, manifest: &manifest)
            case .server(let endpoint): try runToServer(endpoint, now: now, result: &result, manifest: &manifest)
            }
        } catch is CancelledError {
            result.status = .skipped("stopped by signal; nothing unfinished was published")
        } catch {
            result.status = .failed("\(error)")
            logger.error("job failed", metadata: ["error": "\(error)"])
        }
        let finished = Date()
        result.seconds = finished.timeIntervalSince(started)
        result.warnings += publishMetrics(result, manifest: manifest, finishedAt: finished)
        return result
    }

    /// One group per source database: the manifest's counts when the dump finished (even if a
    /// later step failed), zeros otherwise. A run stopped by a signal counts as not successful.
    func publishMetrics(_ result: JobResult, manifest: Manifest?, finishedAt: Date) -> [String] {
        guard job.metrics.pushgateway != nil || job.metrics.influx != nil else { return [] }
        let succeeded = result.status == .succeeded
        let runs =
            manifest.map { RunMetrics.dump($0, seconds: result.seconds, succeeded: succeeded, operation: .job, finishedAt: finishedAt) }
            ?? RunMetrics.failure(
                .job, job: job.name, databases: job.databases.map(\.name), seconds: result.seconds, finishedAt: finishedAt)
        var warnings: [String] = []
        var target: InfluxMetricsWriter.Target? = nil
        if let influx = job.metrics.influx {
            do {
                var config = try client(influx.endpoint)
                // Metrics must not hold up the next run: short timeouts.
                config.connectTimeout = 5
                config.stallTimeout = 10
                target = InfluxMetricsWriter.Target(client: config, database: influx.database)
            } catch {
                warnings.append("metrics not written: \(error)")
                logger.warning("\(warnings[0])")
            }
        }
        return warnings + MetricsPublisher(pushgateway: job.metrics.pushgateway, influx: target).publish(runs, logger: logger)
    }

    func dumpOptions() throws -> DumpOptions {
        var o = DumpOptions(source: try client(job.source))
        o.databases = job.databases.map(\.name)
        o.retentionPolicies = job.retentionPolicies
        o.chunk = job.options.chunk
        o.jobs = job.options.jobs
        o.compressionLevel = job.options.compressionLevel
        o.queryShape = job.options.queryShape
        o.retry = RetryPolicy(maxRetries: job.options.retries, base: job.options.retryDelay)
        o.measurementFilter = job.measurements
        o.fieldFilter = job.fields
        o.obsoleteAfter = job.options.obsoleteAfter
        o.destinations = Dictionary(
            job.databases.filter { $0.name != $0.destination }.map { ($0.name, $0.destination) }, uniquingKeysWith: { a, _ in a })
        o.job = job.name
        o.cancellation = cancellation
        o.throttle = throttle
        o.progress = progress
        if case .range(let start, let end) = job.mode {
            o.start = start
            o.end = end
        }
        return o
    }

    /// The keys of `target.archive.encryption`: recipients to write, the identity to resume with.
    func archiveKeys() throws -> ArchiveKeys {
        let e = job.encryption
        guard !e.isEmpty else { return .none }
        var recipients = try e.recipients.map { try AgeRecipient(parsing: $0, source: job.file) }
        if let file = e.recipientsFile { recipients += try AgeRecipientsFile.load(file) }
        let identities = try e.identityFile.map { try AgeIdentityFile.load($0).identities } ?? []
        return ArchiveKeys(recipients: recipients, identities: identities)
    }

    /// Where a measurement without earlier data starts: `fallback_days` before now (0: from the beginning).
    func fallbackStart(_ fallbackDays: Int, now: Date) -> Int64? {
        fallbackDays == 0 ? nil : Timestamp.nanoseconds(now) - Int64(fallbackDays) * 86_400_000_000_000
    }

    func runToArchive(
        path: String, prune: PrunePolicy, fullEvery: Int64?, now: Date, result: inout JobResult, manifest written: inout Manifest?
    ) throws {
        let storage = job.objectStorage.storage(environment: environment).with(keys: try archiveKeys())
        let folder = ArchiveFolder(store: try storage.store(for: path).child(job.name))
        var options = try dumpOptions()
        var startRule: String? = nil
        if case .incremental(_, _, let fallbackDays, let lookback) = job.mode {
            try continueChain(&options, folder: folder, fullEvery: fullEvery, fallbackDays: fallbackDays, lookback: lookback, now: now)
            // The rule, not its value: a fallback start moves with the clock, and resuming keeps the older one.
            startRule = "lookback \(lookback), fallback_days \(fallbackDays)"
        }
        if let directory = folder.store as? DirectoryStore {
            try FileManager.default.createDirectory(
                atPath: directory.root, withIntermediateDirectories: true, attributes: [.posixPermissions: FileModes.directory])
        }
        let key = ResumeKey(options: options, startRule: startRule).text
        let run = try folder.prepareRun(resumeKey: key, now: now)
        if !run.removed.isEmpty {
            logger.notice("removed unfinished runs that cannot be resumed", metadata: ["runs": "\(run.removed.joined(separator: ","))"])
        }
        if !run.inUse.isEmpty {
            logger.warning(
                "unfinished runs in use by another process left alone", metadata: ["runs": "\(run.inUse.joined(separator: ","))"])
        }
        if run.resume { logger.notice("resuming an unfinished run", metadata: ["archive": "\(run.path)"]) }
        result.archive = run.path
        let session = DumpSession(output: .store(run.store, resume: run.resume, resumeKey: key), logger: logger, ownsDirectory: true)
        let manifest: Manifest
        do {
            manifest = try session.run(options)
        } catch {
            if case .kept(let saved)? = session.leftover {
                logger.notice("unfinished run kept for the next run to resume", metadata: ["savedQueries": "\(saved)"])
            }
            throw error
        }
        written = manifest
        result.points = manifest.totalPoints
        result.bytes = manifest.totalCompressedBytes
        if job.options.validate { try validate(archive: run.store, source: options.source, result: &result) }
        if !prune.isEmpty {
            let removed = try folder.prune(prune).filter { !$0.keep }.map(\.name)
            if !removed.isEmpty { logger.info("pruned old archives", metadata: ["removed": "\(removed.joined(separator: ","))"]) }
        }
    }

    /// An incremental run continues the folder's last archive (its watermarks minus `lookback`)
    /// unless there is none or `fullEvery` says to start a new chain (from `fallbackDays` ago).
    func continueChain(
        _ options: inout DumpOptions, folder: ArchiveFolder, fullEvery: Int64?, fallbackDays: Int, lookback: Int64,
        now: Date
    ) throws {
        let fallback = fallbackStart(fallbackDays, now: now)
        let archives = try folder.archives()
        if let last = archives.last, try last.store.exists(ArchiveFolder.failedValidationMarker) {
            // Continuing an archive that differs from its source would carry the difference on.
            options.startOf = { _ in fallback }
            logger.warning(
                "full run: the last archive failed validation, a new chain starts", metadata: ["archive": "\(last.name)"])
            return
        }
        if let last = archives.last, let base = Self.chainBase(of: last, in: archives),
            fullEvery.map({ !Self.isOlder(base, than: $0, now: now) }) ?? true
        {
            options.parent = Manifest.Parent(path: last.name, createdAt: last.manifest.createdAt)
            let marks = last.manifest.watermarksByMeasurement
            options.inheritedWatermarks = marks
            let frozen = marks
            options.startOf = { key in frozen[key].map { $0 - lookback } ?? fallback }
            logger.info("incremental run", metadata: ["parent": "\(last.name)", "lookback": "\(GoDuration.influxQL(lookback))"])
        } else {
            options.startOf = { _ in fallback }
            logger.info(
                archives.isEmpty ? "incremental run without a parent archive" : "full run: a new chain (full_every)",
                metadata: ["from": "\(fallback.map(Timestamp.format) ?? "the beginning")"])
        }
    }

    /// The first archive of `archive`'s chain, or nil when a link is missing.
    static func chainBase(of archive: LoadedArchive, in all: [LoadedArchive]) -> LoadedArchive? {
        var current = archive
        var seen: Set<String> = [archive.name]
        while let parent = current.manifest.parent?.path {
            guard let p = all.first(where: { $0.name == parent }), seen.insert(parent).inserted else { return nil }
            current = p
        }
        return current
    }

    /// Whether the run that wrote `archive` started `age` or more before `now` (its name is its
    /// start time, the job's tick; the manifest's createdAt when the name is not one).
    static func isOlder(_ archive: LoadedArchive, than age: Int64, now: Date) -> Bool {
        guard let started = ArchiveFolder.runTime(archive.name) ?? Timestamp.parse(archive.manifest.createdAt) else { return true }
        return Timestamp.nanoseconds(now) - started >= age
    }
}
