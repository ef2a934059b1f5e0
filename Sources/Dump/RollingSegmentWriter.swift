import ArchiveFormat
import LineProtocol
import Support

/// The point sink of one dump task: writes segments of about `segmentSize` raw bytes, cut on
/// point boundaries (a part may pass the size by one point), named `segments/<task>.<attempt>.<part>.lp.zst`.
///
/// Directory archives publish a task's segments only when its query completed (a failed query
/// leaves nothing behind). Streams publish each part as soon as it is full, so memory stays at
/// one part per worker; a retried query then sends new parts under a new attempt number and the
/// earlier parts remain valid (restore is idempotent).
final class RollingSegmentWriter: PointSink {
    private let task: DumpTask
    private let attempt: Int
    private let sink: ArchiveSink
    private let eager: Bool
    private let level: Int32
    private let segmentSize: Int64
    private let segmentPoints: Int64
    private var current: (writer: SegmentWriter, bytes: ByteSink, path: String)? = nil
    /// `current.writer` (which keeps it alive), for the per-point path without reference counting.
    private var currentWriter: Unmanaged<SegmentWriter>? = nil
    private var finished: [(record: Manifest.Segment, bytes: ByteSink)] = []
    private(set) var committed: [Manifest.Segment] = []
    /// Field types seen so far in this window, asked for as each part closes.
    var fieldTypes: () -> [String: [FieldType]] = { [:] }

    private let progress: TransferProgress?
    private let throttle: Throttle?
    /// Points and bytes not yet reported to `progress` and `throttle` (they are told in batches).
    private var unreportedPoints: Int64 = 0
    private var unreportedBytes: Int64 = 0
    /// What this attempt told `progress`, taken back if the attempt is discarded.
    private var reportedPoints: Int64 = 0
    private var reportedBytes: Int64 = 0

    init(
        task: DumpTask, attempt: Int, sink: ArchiveSink, level: Int32, segmentSize: Int64, segmentPoints: Int64,
        progress: TransferProgress? = nil, throttle: Throttle? = nil
    ) {
        self.progress = progress
        self.throttle = throttle
        self.task = task
        self.attempt = attempt
        self.sink = sink
        self.eager = sink.publishesEagerly
        self.level = level
        self.segmentSize = segmentSize
        self.segmentPoints = segmentPoints
    }

    func writePoint(_ line: UnsafeRawBufferPointer, time: Int64) throws {
        if currentWriter == nil {
            let part = finished.count + committed.count
            let recipients = sink.keys.recipients
            let path =
                "\(DirectoryArchiveWriter.segmentsFolder)/\(pad(task.index, 6)).\(attempt).\(pad(part, 3)).lp.zst"
                + (recipients.isEmpty ? "" : ArchiveEncryption.suffix)
            let bytes = try sink.openSegment(path: path)
            let writer = try SegmentWriter(destination: bytes, compressionLevel: level, recipients: recipients)
            current = (writer, bytes, path)
            currentWriter = Unmanaged.passUnretained(writer)
        }
        let full = try currentWriter.unsafelyUnwrapped._withUnsafeGuaranteedRef { writer in
            try writer.writePoint(line, time: time)
            return writer.stats.rawBytes >= segmentSize || writer.stats.points >= segmentPoints
        }
        unreportedPoints += 1
        unreportedBytes += Int64(line.count)
        if unreportedPoints >= Self.reportEvery { report() }
        if full { try closeCurrent() }
    }

    static let reportEvery: Int64 = 2_000

    /// Tells the progress display, and waits if the throttle says the rate is above its limit.
    private func report() {
        guard unreportedPoints > 0 else { return }
        progress?.add(points: unreportedPoints, bytes: unreportedBytes)
        reportedPoints += unreportedPoints
        reportedBytes += unreportedBytes
        throttle?.consume(points: unreportedPoints, bytes: unreportedBytes)
        unreportedPoints = 0
        unreportedBytes = 0
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private func closeCurrent() throws {
        guard let c = current else { return }
        current = nil
        currentWriter = nil
        let stats: SegmentWriter.Stats
        do { stats = try c.writer.finish() } catch {
            // The last flush failed (disk full): this part was never published; remove it.
            sink.discardSegment(path: c.path, sink: c.bytes)
            throw error
        }
        var record = Manifest.Segment(
            path: c.path, database: task.database, retentionPolicy: task.retentionPolicy, measurement: task.measurement,
            windowStart: task.start, windowEnd: task.end, part: finished.count + committed.count,
            points: stats.points, minTime: stats.minTime, maxTime: stats.maxTime, rawBytes: stats.rawBytes,
            compressedBytes: stats.compressedBytes, sha256: stats.sha256, fields: fieldTypes())
        record.query = task.shape
        if eager {
            try sink.commitSegment(record, sink: c.bytes)
            committed.append(record)
        } else {
            // Checked now, published when the whole query has succeeded.
            do { try sink.sealSegment(record, sink: c.bytes) } catch { sink.discardSegment(path: c.path, sink: c.bytes); throw error }
            finished.append((record, c.bytes))
        }
    }

    /// The query completed: publish every part. Returns all records of this attempt.
    func finish() throws -> [Manifest.Segment] {
        report()
        try closeCurrent()
        let types = fieldTypes()
        // One at a time, so a failure leaves `finished` holding exactly what is unpublished.
        while let f = finished.first {
            var r = f.record
            r.fields = types
            try sink.commitSegment(r, sink: f.bytes)
            finished.removeFirst()
            committed.append(r)
        }
        return committed
    }

    /// The query failed: remove what was not published, and take back what progress was told
    /// of it (the retry reads it again). Parts a stream already sent stay counted: they stay valid.
    func discard() {
        let kept = committed.reduce((points: Int64(0), bytes: Int64(0))) { ($0.points + $1.points, $0.bytes + $1.rawBytes) }
        progress?.add(points: -(reportedPoints - kept.points), bytes: -(reportedBytes - kept.bytes))
        reportedPoints = kept.points
        reportedBytes = kept.bytes
        unreportedPoints = 0
        unreportedBytes = 0
        if let c = current { sink.discardSegment(path: c.path, sink: c.bytes) }
        current = nil
        currentWriter = nil
        for f in finished { sink.discardSegment(path: f.record.path, sink: f.bytes) }
        finished.removeAll()
    }
}
