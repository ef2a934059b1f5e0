import AgeEncryption
import Foundation
import Support

/// Writes the framed stream of formats/archive-format.md §Stream to a file descriptor (stdout).
/// Segments are built in memory (each at most the segment size, compressed) and written whole,
/// one at a time, under a lock.
///
/// With recipients the whole stream is one age file (`age -d` gives the plain stream back), its
/// bytes encrypted as they are written.
public final class StreamArchiveWriter: ArchiveSink, @unchecked Sendable {
    private let out: ByteSink
    private let lock = NSLock()
    private var offset: Int64 = 0

    /// `keys`' recipients encrypt the whole stream; its segments are not encrypted again (the
    /// sink's own `keys` stay empty).
    public init(fileDescriptor: Int32 = 1, keys: ArchiveKeys = .none) throws {
        let plain = DescriptorSink(fileDescriptor, name: "standard output")
        out = keys.encrypts ? try AgeEncryptingSink(recipients: keys.recipients, next: plain) : plain
    }

    private func emit(_ bytes: [UInt8]) throws {
        try out.write(bytes)
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
        lock.lock(); defer { lock.unlock() }
        try out.finish()
    }
}
