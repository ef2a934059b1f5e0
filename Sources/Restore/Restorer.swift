import ArchiveFormat
import Foundation
import InfluxAPI
import LineProtocol
import Logging
import Schema
import Support

/// Replays an archive into a server: schema first, then segments in parallel, each checked
/// (size and SHA-256) before any of its points is sent, cut into batches on point boundaries and
/// written with `precision=ns` and the segment's RP. Transient failures are retried (writes are
/// idempotent); refusals (type conflict, beyond retention) are counted and reported.
public final class Restorer {
    public let options: RestoreOptions
    private let logger: Logger

    public init(options: RestoreOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func run(source: SegmentSource) throws -> RestoreReport {
        let selected = try options.targets(for: source.header)
        try SchemaObjects.check(source.header, selected: selected, options: options)
        var targets: [String: String] = [:]
        for (db, target) in selected { targets[db.name] = target }

        let client = try InfluxClient(config: options.destination)
        _ = try options.retry.run(isTransient: Self.isTransient) { try client.ping() }
        var report = RestoreReport()
        report.warnings += try applySchema(selected, client: client)
        setProgressTotal(source.header, targets: targets)
        report = try restoreSegments(from: source, report: report, targets: targets)
        _ = try source.finish()
        if options.withContinuousQueries || options.withUsers {
            try applySchemaObjects(source.header, selected: selected, client: client, to: &report)
        }
        logFinished(report)
        return report
    }

    /// Creates or alters the selected databases and their RPs; returns (and logs) the warnings.
    private func applySchema(_ selected: SchemaObjects.Selected, client: InfluxClient) throws -> [String] {
        var warnings: [String] = []
        let applier = SchemaApplier(client: client, logger: logger)
        for (db, target) in selected {
            warnings += try applier.apply(db, as: target, retentionPolicies: options.retentionPolicies)
        }
        for w in warnings { logger.warning("\(w)") }
        return warnings
    }

    /// The progress total: line protocol bytes of the segments that will be written.
    private func setProgressTotal(_ header: Manifest, targets: [String: String]) {
        if let progress = options.progress, !header.segments.isEmpty {
            let opts = self.options, chosen = targets
            let todo = header.segments.filter {
                chosen[$0.database] != nil && opts.accepts($0) && opts.journal?.applied.contains($0.path) != true
            }
            progress.setUnits(done: 0, total: todo.reduce(0) { $0 + $1.rawBytes })
        }
    }

    /// Writes the segments with `options.jobs` workers, each with its own client; the first error
    /// stops every worker and is thrown.
    private func restoreSegments(
        from source: SegmentSource, report: RestoreReport, targets: [String: String]
    ) throws -> RestoreReport {
        let shared = Locked(report)
        let failure = Locked<Error?>(nil)
        let options = self.options, logger = self.logger, targetOf = targets
        WorkerPool.run(count: options.jobs) { _ in
            let client: InfluxClient
            do { client = try InfluxClient(config: options.destination) } catch { failure.with { $0 = $0 ?? error }; return }
            while failure.snapshot == nil {
                do {
                    guard let segment = try source.nextSegment() else { return }
                    guard options.accepts(segment.record) else { shared.with { $0.skippedSegments += 1 }; continue }
                    if options.journal?.applied.contains(segment.record.path) == true { shared.with { $0.alreadyApplied += 1 }; continue }
                    let target = targetOf[segment.record.database] ?? segment.record.database
                    do {
                        try Self.restore(segment, into: target, client: client, options: options, logger: logger, report: shared)
                    } catch let e as ArchiveError where options.skipCorrupt {
                        guard case .segment = e else { throw e }
                        logger.error("skipping damaged segment", metadata: ["problem": "\(e)"])
                        shared.with { $0.corrupt.append("\(e)") }
                        continue
                    }
                    try options.journal?.markApplied(segment.record.path)
                } catch {
                    failure.with { $0 = $0 ?? error }
                }
            }
        }
        if let error = failure.snapshot { throw error }
        return shared.snapshot
    }

    /// `--with-cqs` and `--with-users`, after the data: CQs and users as decided against the destination.
    private func applySchemaObjects(
        _ header: Manifest, selected: SchemaObjects.Selected, client: InfluxClient, to report: inout RestoreReport
    ) throws {
        let users = options.withUsers ? header.users : nil
        let destination = try SchemaObjects.Destination.read(
            SchemaDiscovery(client: client), cqs: options.withContinuousQueries, users: users)
        let outcome = try SchemaObjects(client: client, logger: logger).apply(
            continuousQueries: options.withContinuousQueries
                ? SchemaObjects.continuousQueries(selected: selected, destination: destination) : [],
            users: SchemaObjects.users(
                users ?? [], selected: selected, destination: destination, passwords: Set(options.userPasswords.keys)),
            passwords: options.userPasswords)
        for w in outcome.warnings { logger.warning("\(w)") }
        report.warnings += outcome.warnings
        report.disabledUsers = outcome.disabledUsers
        report.refusedContinuousQueries = outcome.refusedContinuousQueries
    }

    private func logFinished(_ report: RestoreReport) {
        logger.info("restore finished", metadata: ["segments": "\(report.segments)", "points": "\(report.points)"])
        if !report.refusals.isEmpty {
            for r in report.refusals {
                logger.error(
                    "server refused points",
                    metadata: ["segment": "\(r.segment)", "database": "\(r.database)", "dropped": "\(r.dropped)", "reason": "\(r.message)"])
            }
        }
    }

    static func isTransient(_ error: Error) -> Bool { (error as? InfluxClientError)?.isTransient ?? false }

    /// The server's refusal without its per-request ` dropped=N` (counted separately).
    static func reason(_ message: String) -> String {
        guard let r = message.range(of: " dropped=", options: .backwards),
            !message[r.upperBound...].isEmpty, message[r.upperBound...].allSatisfy(\.isNumber)
        else { return message }
        return String(message[..<r.lowerBound])
    }

    /// Feeds a segment's line protocol to `sink`; a damaged frame is an error naming the segment.
    static func decompress(_ segment: LoadedSegment, into sink: ByteSink) throws {
        let decompressor = try ZstdDecompressor(next: sink)
        do {
            try segment.read(decompressor)
        } catch let e as ZstdDecompressor.Failure {
            throw ArchiveError.segment(path: segment.record.path, problem: e.description)
        }
    }

    private static func restore(
        _ segment: LoadedSegment, into database: String, client: InfluxClient, options: RestoreOptions,
        logger: Logger, report: Locked<RestoreReport>
    ) throws {
        let record = segment.record
        let filtersTime = options.timeCuts(record)
        var refusals: [RestoreReport.Refusal] = []
        var bytes: Int64 = 0
        let splitter = BatchSplitter(
            segmentPath: record.path, maxPoints: options.batchSize, maxBytes: options.batchBytes,
            start: filtersTime ? options.start : nil, end: filtersTime ? options.end : nil
        ) { batch, count in
            bytes += Int64(batch.count)
            options.throttle?.consume(points: Int64(count), bytes: Int64(batch.count))
            do {
                try options.retry.run(
                    isTransient: isTransient,
                    onRetry: { n, error, wait in
                        logger.warning("retrying write", metadata: ["segment": "\(record.path)", "attempt": "\(n)", "error": "\(error)"])
                    }
                ) {
                    try batch.withUnsafeBytes { try client.write(database: database, retentionPolicy: record.retentionPolicy, body: $0) }
                }
            } catch InfluxClientError.partialWrite(_, let dropped, let message) {
                // One refusal per segment and reason, however many batches the server refused.
                let reason = Self.reason(message)
                if let setting = RestoreError.limitSetting(reason) {
                    throw RestoreError.serverLimit(segment: record.path, database: database, setting: setting, message: reason)
                }
                if let i = refusals.firstIndex(where: { $0.message == reason }) {
                    refusals[i].dropped += Int64(dropped)
                } else {
                    refusals.append(.init(segment: record.path, database: database, dropped: Int64(dropped), message: reason))
                }
            }
            options.progress?.add(points: Int64(count), bytes: Int64(batch.count))
            options.progress?.addUnits(done: Int64(batch.count))
        }
        try decompress(segment, into: splitter)
        try splitter.checkCount(record)
        // Bytes of points the time filter left out count as done too.
        options.progress?.addUnits(done: max(0, record.rawBytes - bytes))
        report.with {
            $0.segments += 1
            $0.points += splitter.points
            $0.filteredPoints += splitter.filtered
            $0.bytes += bytes
            $0.refusals += refusals
            $0.byDatabase[database, default: .init()].segments += 1
            $0.byDatabase[database, default: .init()].points += splitter.points
            $0.byDatabase[database, default: .init()].bytes += bytes
            $0.byDatabase[database, default: .init()].compressedBytes += record.compressedBytes
        }
    }
}
