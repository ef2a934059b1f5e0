import ArchiveFormat
import LineProtocol
import Support

/// Cuts decompressed line protocol into /write batches on point boundaries (found with the
/// quote-aware `LineProtocolScanner`, never by splitting on `\n`), applying the time filter.
/// Holds at most one batch: `maxBytes` plus one point.
final class BatchSplitter: ByteSink {
    private var scanner = LineProtocolScanner()
    private var batch: [UInt8] = []
    private var pointStart = 0
    private var pointsInBatch = 0
    private let maxPoints: Int
    private let maxBytes: Int
    private let start: Int64?
    private let end: Int64?
    private let flush: ([UInt8], Int) throws -> Void
    private(set) var points: Int64 = 0
    private(set) var filtered: Int64 = 0
    let segmentPath: String

    init(segmentPath: String, maxPoints: Int, maxBytes: Int, start: Int64?, end: Int64?, flush: @escaping ([UInt8], Int) throws -> Void) {
        self.segmentPath = segmentPath
        self.maxPoints = maxPoints
        self.maxBytes = maxBytes
        self.start = start
        self.end = end
        self.flush = flush
        batch.reserveCapacity(maxBytes + 4096)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var copied = 0
        try scanner.scan(bytes) { i in
            batch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied...i]))
            copied = i + 1
            try endPoint()
        }
        if copied < bytes.count { batch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied...])) }
    }

    private func endPoint() throws {
        let length = batch.count - pointStart
        if length <= 1 { batch.removeSubrange(pointStart...); return }  // blank line
        if start != nil || end != nil {
            let t = batch.withUnsafeBytes {
                LineProtocolParser.trailingTimestamp(UnsafeRawBufferPointer(rebasing: $0[pointStart..<(batch.count - 1)]))
            }
            guard let t else {
                throw RestoreError.segmentContent(path: segmentPath, problem: "point \(points + filtered + 1) has no readable timestamp")
            }
            if let s = start, t < s { filtered += 1; batch.removeSubrange(pointStart...); return }
            if let e = end, t >= e { filtered += 1; batch.removeSubrange(pointStart...); return }
        }
        points += 1
        pointsInBatch += 1
        pointStart = batch.count
        if pointsInBatch >= maxPoints || batch.count >= maxBytes { try send() }
    }

    private func send() throws {
        guard pointsInBatch > 0 else { return }
        try flush(batch, pointsInBatch)
        batch.removeAll(keepingCapacity: true)
        pointStart = 0
        pointsInBatch = 0
    }

    /// After `finish`: every point of the segment was seen (kept or filtered), as the manifest says.
    func checkCount(_ record: Manifest.Segment) throws {
        if points + filtered != record.points {
            throw RestoreError.segmentContent(
                path: record.path, problem: "holds \(points + filtered) points, manifest says \(record.points)")
        }
    }

    func finish() throws {
        if !scanner.atBoundary || pointStart < batch.count {
            throw RestoreError.segmentContent(path: segmentPath, problem: "ends inside a point (no final line feed)")
        }
        try send()
    }
}
