import Foundation
import Support

/// A segment file being written, plus an in-memory copy of its bytes (up to `memoryCap`) so the
/// writer can re-read the file before publishing it and compare byte for byte, which is both
/// stricter and far cheaper than hashing it again. Past the cap (incompressible data) the copy is
/// dropped and the check falls back to re-hashing the file.
///
/// Copy buffers are reused from segment to segment: a fresh multi-megabyte buffer per segment
/// cost more in page faults than the whole SHA-256 of the dump (perf, 1 M points).
public final class VerifiedFileSink: ByteSink {
    public let file: FileSink
    /// Keeps the extra memory per worker bounded (typical segments compress to 3–5 MiB).
    public static let memoryCap = 8 << 20
    private var copy: ByteBuffer?
    /// Set once the file was re-read and found intact; the in-memory copy is gone then.
    private(set) var verified = false

    /// Buffers of finished sinks, for the next ones. A long-lived `run` keeps them between jobs,
    /// so at most 4 of at most `maxSpareCapacity` each stay idle (16 MiB).
    private static let spare = SparePool<ByteBuffer>(limit: 4)
    private static let maxSpareCapacity = 4 << 20

    public init(creating path: String) throws(ArchiveError) {
        file = try FileSink(creating: path)
        copy = Self.spare.take() ?? ByteBuffer(capacity: 1 << 20)
    }

    deinit { releaseCopy() }

    private func releaseCopy() {
        guard let c = copy else { return }
        copy = nil
        c.removeAll()
        if c.capacity <= Self.maxSpareCapacity { _ = Self.spare.give(c) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try file.write(bytes)
        if let c = copy {
            if c.count + bytes.count > Self.memoryCap { releaseCopy() } else { c.append(bytes) }
        }
    }

    public func finish() throws { try file.finish() }

    /// Re-reads the file and checks it holds exactly what was written, then frees the copy.
    func matchesDisk(sha256: String, size: Int64) throws -> Bool {
        if verified { return true }
        defer { if verified { releaseCopy() } }
        verified = try compare(sha256: sha256, size: size)
        return verified
    }

    private func compare(sha256: String, size: Int64) throws -> Bool {
        guard let copy else {
            let (hex, onDisk) = try HashingSink.hashFile(file.path)
            return hex == sha256 && onDisk == size
        }
        guard Int64(copy.count) == size else { return false }
        var offset = 0
        var same = true
        try FileSource.read(file.path) { chunk in
            guard same, offset + chunk.count <= copy.count else { same = false; return }
            same = memcmp(copy.base + offset, chunk.baseAddress!, chunk.count) == 0
            offset += chunk.count
        }
        return same && offset == copy.count
    }
}
