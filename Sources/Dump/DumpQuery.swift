import ArchiveFormat
import Foundation
import InfluxAPI
import LineProtocol
import Logging
import Support

/// One query of a dump, run with retries: its response goes through the encoder into segments,
/// and what it could not save exactly becomes findings.
enum DumpQuery {
    /// Runs `task`. Each attempt starts clean; a failed attempt leaves nothing published
    /// (directory) or only whole, valid parts (stream).
    static func run(
        _ task: DumpTask, client: InfluxClient, sink: ArchiveSink, options: DumpOptions, logger: Logger
    ) throws -> TaskOutcome {
        var attempt = 0
        var published: [Manifest.Segment] = []
        var current = task
        return try options.retry.run(
            isTransient: Dumper.isTransient,
            onRetry: { n, error, wait in
                logger.warning(
                    "retrying query",
                    metadata: [
                        "window": "\(task.label)", "attempt": "\(n)", "error": "\(error)",
                        "wait": "\(String(format: "%.1f", wait))s",
                    ])
            }
        ) {
            defer { attempt += 1 }
            do {
                return try once(current, attempt: attempt, client: client, sink: sink, options: options, published: &published)
            } catch let mismatch as QueryShapeMismatch where current.tagColumns != nil {
                // Found at the answer's first series header, before any point was written.
                logger.notice("query shape changed", metadata: ["window": "\(task.label)", "reason": "\(mismatch)"])
                current.tagColumns = nil
                attempt += 1
                return try once(current, attempt: attempt, client: client, sink: sink, options: options, published: &published)
            }
        }
    }

    /// One attempt of `task`'s query in its shape.
    private static func once(
        _ task: DumpTask, attempt: Int, client: InfluxClient, sink: ArchiveSink, options: DumpOptions,
        published: inout [Manifest.Segment]
    ) throws -> TaskOutcome {
        let writer = RollingSegmentWriter(
            task: task, attempt: attempt, sink: sink, level: options.compressionLevel,
            segmentSize: options.segmentSize, segmentPoints: options.segmentPoints,
            progress: options.progress, throttle: options.throttle)
        let encoder = Self.encoder(for: task, writingTo: writer, options: options)
        do {
            let cancellation = options.cancellation
            try client.query(task.query, database: task.database, into: encoder, isCancelled: { cancellation.isCancelled })
            published += try writer.finish()
            var findings = DumpFindings(encoder.unrepresentable)
            try countValuesLeftOut(task, client: client, cancellation: cancellation, into: &findings)
            if encoder.points > 0 {
                for (field, types) in task.multiTypedFields.sorted(by: { $0.key < $1.key }) {
                    findings.add(DumpFindings.typesMayBeCast(task, field: field, types: types), points: encoder.points)
                }
            }
            return TaskOutcome(
                segments: published, findings: findings.counts, pointsWithoutFields: encoder.pointsWithoutFields,
                series: encoder.series)
        } catch {
            writer.discard()
            published += writer.committed
            throw error
        }
    }

    /// The spanning query leaves out string and boolean values of a field that is numeric
    /// elsewhere (even every value of a point): count them with casts.
    private static func countValuesLeftOut(
        _ task: DumpTask, client: InfluxClient, cancellation: Cancellation, into findings: inout DumpFindings
    ) throws {
        for (field, types) in task.multiTypedFields.sorted(by: { $0.key < $1.key }) where types.count > 1 {
            for cast in [FieldType.string, .boolean] where types.contains(cast) {
                let counter = WindowRowCounter(lower: task.start, upper: task.end)
                let from = InfluxQL.source(database: task.database, retentionPolicy: task.retentionPolicy, measurement: task.measurement)
                try client.query(
                    "SELECT \(InfluxQL.identifier(field))::\(cast.rawValue) FROM \(from) WHERE time >= \(task.start) GROUP BY *",
                    database: task.database, into: counter, isCancelled: { cancellation.isCancelled })
                if counter.rows > 0 {
                    findings.add(DumpFindings.valuesLeftOut(task, field: field, cast: cast), points: counter.rows)
                }
            }
        }
    }

    /// The encoder of one query attempt, wired to its segment writer. The writer asks the
    /// encoder for field types through a weak reference: a strong one would be a cycle (the
    /// encoder holds the writer), and every attempt's encoder, with its series hashes, would
    /// stay in memory until the dump ends.
    static func encoder(for task: DumpTask, writingTo writer: RollingSegmentWriter, options: DumpOptions) -> LineProtocolEncoder {
        let encoder = LineProtocolEncoder(output: writer)
        encoder.fieldFilter = options.fieldFilter
        encoder.excludedFields = task.excludedFields
        encoder.tagColumns = task.tagColumns
        writer.fieldTypes = { [weak encoder] in encoder?.currentFieldTypes() ?? [:] }
        if task.unboundedAbove { encoder.keepRange = (task.start, task.end) }
        return encoder
    }
}
