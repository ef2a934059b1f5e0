import AgeEncryption
import LineProtocol
import Support

/// Writes one segment: points → 64 KiB staging buffer → zstd → (age, when there are recipients) →
/// SHA-256 → byte count → destination. The digest and size are the stored file's.
public final class SegmentWriter: PointSink {
    public struct Stats: Sendable, Equatable {
        public var points: Int64 = 0
        public var minTime: Int64 = .max
        public var maxTime: Int64 = .min
        public var rawBytes: Int64 = 0
        public var compressedBytes: Int64 = 0
        public var sha256 = ""
    }

    /// Points are staged here so zstd sees large writes (one call per ~200-byte point is slow).
    private static let stagingSize = 64 * 1024
    private let staging = ByteBuffer(capacity: stagingSize)
    private let compressor: ZstdCompressor
    private let hasher: HashingSink
    private let counter: CountingSink
    public private(set) var stats = Stats()

    public init(destination: ByteSink, compressionLevel: Int32, recipients: [AgeRecipient] = []) throws {
        counter = CountingSink(destination)
        hasher = HashingSink(counter)
        // Compressed, then encrypted (ciphertext does not compress): `age -d | zstd -dc` reads it.
        let encrypted: ByteSink = recipients.isEmpty ? hasher : try AgeEncryptingSink(recipients: recipients, next: hasher)
        compressor = try ZstdCompressor(level: compressionLevel, next: encrypted)
    }

    public func writePoint(_ line: UnsafeRawBufferPointer, time: Int64) throws {
        stats.points += 1
        stats.rawBytes += Int64(line.count)
        if time < stats.minTime { stats.minTime = time }
        if time > stats.maxTime { stats.maxTime = time }
        if staging.count + line.count > Self.stagingSize {
            try flushStaging()
            if line.count > Self.stagingSize { try compressor.write(line); return }
        }
        staging.append(line)
    }

    private func flushStaging() throws {
        guard staging.count > 0 else { return }
        try compressor.write(staging.bytes)
        staging.removeAll()
    }

    /// Ends the zstd frame and finishes the destination (fsync for files).
    public func finish() throws -> Stats {
        try flushStaging()
        try compressor.finish()
        stats.compressedBytes = counter.count
        stats.sha256 = hasher.hex ?? ""
        return stats
    }
}
