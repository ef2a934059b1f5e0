/// A stage in a byte pipeline (hash → compress → file). Each stage forwards to the next.
///
/// Sinks are classes so a chain can be built once and fed many small writes without copying.
public protocol ByteSink: AnyObject {
    /// Accepts bytes; the buffer is only valid for the duration of the call.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes everything buffered downstream. No writes may follow.
    func finish() throws
}

extension ByteSink {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Collects bytes in memory. Used for pipe-mode segments, whose size is capped by the segment size.
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes.append(contentsOf: bytes) }
    public func finish() throws {}
}

/// Counts bytes on their way to another sink.
public final class CountingSink: ByteSink {
    public private(set) var count: Int64 = 0
    private let next: ByteSink
    public init(_ next: ByteSink) { self.next = next }
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += Int64(bytes.count)
        try next.write(bytes)
    }
    public func finish() throws { try next.finish() }
}

/// Discards everything (verify decodes segments without keeping them).
public final class NullSink: ByteSink {
    public init() {}
    public func write(_ bytes: UnsafeRawBufferPointer) throws {}
    public func finish() throws {}
}
