import Foundation
import Support

/// Writes the framed stream of formats/archive-format.md §Stream to a file descriptor (stdout).
/// Segments are built in memory (each at most the segment size, compressed) and written whole,
/// one at a time, under a lock.
public final class StreamArchiveWriter: ArchiveSink, @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var offset: Int64 = 0

    public init(fileDescriptor: Int32 = 1) { fd = fileDescriptor }

    private func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ArchiveError.io(path: "standard output", operation: "write", message: String(cString: strerror(errno)))
                }
                done += n
            }
        }
        offset += Int64(bytes.count)
    }

    private func record(_ kind: UInt8, _ parts: [[UInt8]]) throws {
        lock.lock(); defer { lock.unlock() }
        try emit(StreamFormat.recordHeader(kind: kind, length: parts.reduce(0) { $0 + $1.count }))
        for p in parts { try emit(p) }
    }

    public func begin<Task: Encodable & Sendable>(header: Manifest, tasks: [Task]) throws {
        lock.lock()
        do { try emit(StreamFormat.preamble()) } catch { lock.unlock(); throw error }
        lock.unlock()
        try record(StreamFormat.header, [header.encoded()])
    }

    public var publishesEagerly: Bool { true }

    public func openSegment(path: String) throws -> ByteSink { MemorySink() }

    public func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws {
        guard let memory = sink as? MemorySink else {
            throw ArchiveError.segment(path: record.path, problem: "internal: the stream got a segment it did not open")
        }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let meta = Array(try e.encode(record))
        var len: [UInt8] = []
        StreamFormat.appendUInt(UInt64(meta.count), bytes: 4, to: &len)
        try self.record(StreamFormat.segment, [len, meta, memory.bytes])
    }

    public func discardSegment(path: String, sink: ByteSink) {}

    public func finish(manifest: Manifest) throws {
        try record(StreamFormat.end, [manifest.encoded()])
    }
}
