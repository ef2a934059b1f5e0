import ArchiveFormat
import LineProtocol
import NativeBackup

/// Runs one task of a backup dump: the shard's series of the measurement through the encoder
/// into segments. Reading files does not fail transiently, so there is no retry: a damaged
/// block fails the dump, naming the file and the key.
struct BackupTaskRunner: DumpTaskRunner {
    let plan: BackupPlan
    let sink: ArchiveSink
    let options: DumpOptions

    func run(_ task: DumpTask) throws -> TaskOutcome {
        let work = plan.work[task.index]
        let writer = RollingSegmentWriter(
            task: task, attempt: 0, sink: sink, level: options.compressionLevel, segmentSize: options.segmentSize,
            segmentPoints: options.segmentPoints, progress: options.progress, throttle: options.throttle)
        let encoder = DumpQuery.encoder(for: task, writingTo: writer, options: options)
        // Only a requested range clips points; a point outside its shard group's window is kept.
        if options.start != nil || options.end != nil { encoder.keepRange = (options.start ?? .min, options.end ?? .max) }
        var rows = SeriesRows(encoder: encoder, label: "\(task.database)/\(task.retentionPolicy)/\(task.measurement)")
        do {
            for part in work.parts {
                var reader = ShardReader(part.shard)
                try reader.read(measurement: part.measurement, in: part.scan) { try rows.emit($0) }
            }
            let segments = try writer.finish()
            var findings = DumpFindings(encoder.unrepresentable)
            findings.add(rows.findings)
            return TaskOutcome(
                segments: segments, findings: findings.counts, pointsWithoutFields: encoder.pointsWithoutFields, series: encoder.series)
        } catch {
            writer.discard()
            throw error
        }
    }
}
