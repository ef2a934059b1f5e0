import ArchiveFormat
import Dump
import Foundation
import InfluxAPI
import Restore
import Schema
import Support

extension JobRunner {
    /// A run to a server target: a dump piped in-process into a restore (`LiveCopyChannel`),
    /// then, with `options.validate`, a count of every window on both sides.
    func runToServer(_ endpoint: JobConfig.Endpoint, now: Date, result: inout JobResult, manifest copied: inout Manifest?) throws {
        var dump = try dumpOptions()
        let destinationConfig = try client(endpoint)
        let map = Dictionary(job.databases.map { ($0.name, $0.destination) }, uniquingKeysWith: { a, _ in a })
        if case .incremental(_, _, let fallbackDays, let lookback) = job.mode {
            dump.startOf = Self.destinationStart(
                destinationConfig, map: map, lookback: lookback, fallback: fallbackStart(fallbackDays, now: now))
        }
        var restore = RestoreOptions(destination: destinationConfig)
        restore.databaseMap = map
        restore.jobs = job.options.jobs
        restore.retry = RetryPolicy(maxRetries: job.options.retries, base: job.options.retryDelay)
        // The copy is limited once, where it is read: the writes follow the reads.
        let (manifest, report) = try liveCopy(dump, restore: restore)
        copied = manifest
        result.points = report.points
        result.bytes = report.bytes
        if let refused = report.refusalError { throw refused }
        if job.options.validate {
            try validateCopy(manifest, source: dump.source, destination: destinationConfig, map: map, result: &result)
        }
    }

    /// An incremental copy starts each measurement at the destination's newest point minus
    /// `lookback`, or at `fallback` when the destination has none.
    static func destinationStart(
        _ destination: ClientConfiguration, map: [String: String], lookback: Int64, fallback: Int64?
    ) -> @Sendable (MeasurementKey) throws -> Int64? {
        let probe = Locked<InfluxClient?>(nil)
        return { key in
            let client = try probe.with { c in
                if c == nil { c = try InfluxClient(config: destination) }
                return c!
            }
            let target = map[key.database] ?? key.database
            // Destination's newest point (`ORDER BY time DESC LIMIT 1`; LAST(*) reports time 0).
            let newest: Int64?
            do {
                newest = try SchemaDiscovery(client: client).boundaryTime(
                    database: target, retentionPolicy: key.retentionPolicy,
                    measurement: key.measurement, last: true)
            } catch InfluxClientError.statement(_, let message) where message.contains("not found") {
                newest = nil  // database or RP not created yet
            }
            return newest.map { $0 - lookback } ?? fallback
        }
    }

    /// Dumps on a thread of its own into a channel the restore reads. A dump error is the one
    /// reported unless it is only the channel closing (`ArchiveError`) after the restore failed.
    private func liveCopy(_ dump: DumpOptions, restore: RestoreOptions) throws -> (Manifest, RestoreReport) {
        let channel = LiveCopyChannel(capacity: 2 * max(1, job.options.jobs))
        let logger = self.logger
        let dumping = BackgroundWork<Manifest> {
            do { return try Dumper(options: dump, sink: channel, logger: logger).run() } catch {
                channel.fail(error)
                throw error
            }
        }
        let report: RestoreReport
        do {
            report = try Restorer(options: restore, logger: logger).run(source: channel)
        } catch {
            channel.fail(error)
            if case .failure(let e) = dumping.wait(), !(e is ArchiveError) { throw e }
            throw error
        }
        return (try dumping.wait().get(), report)
    }

    /// `options.validate` after a copy: every window counted on both servers.
    private func validateCopy(
        _ manifest: Manifest, source: ClientConfiguration, destination: ClientConfiguration, map: [String: String],
        result: inout JobResult
    ) throws {
        result.mismatches = try CountValidator(
            source: InfluxClient(config: source), destination: InfluxClient(config: destination),
            map: map
        ).compare(manifest)
        for m in result.mismatches { logger.error("count mismatch", metadata: ["window": "\(m)"]) }
        if !result.mismatches.isEmpty {
            throw DumpError.failed(
                task: "validate", underlying: "\(result.mismatches.count) window(s) differ between source and destination")
        }
        logger.info(
            "validated",
            metadata: [
                "windows":
                    "\(Set(manifest.segments.map { "\($0.database)/\($0.retentionPolicy)/\($0.measurement)/\($0.windowStart)" }).count)"
            ])
    }
}
