import Foundation

/// A segment file being written, plus an in-memory copy of its bytes (up to `memoryCap`) so the
/// writer can re-read the file before publishing it and compare byte for byte, which is both
/// stricter and far cheaper than hashing it again. Past the cap (incompressible data) the copy is
/// dropped and the check falls back to re-hashing the file.
public final class VerifiedFileSink: ByteSink {
    public let file: FileSink
    /// Keeps the extra memory per worker bounded (typical segments compress to 3–5 MiB).
    public static let memoryCap = 8 << 20
    private(set) var copy: [UInt8]? = []
    /// Set once the file was re-read and found intact; the in-memory copy is gone then.
    private(set) var verified = false

    public init(creating path: String) throws(ArchiveError) {
        file = try FileSink(creating: path)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try file.write(bytes)
        if copy != nil {
            if copy!.count + bytes.count > Self.memoryCap { copy = nil } else { copy!.append(contentsOf: bytes) }
        }
    }

    public func finish() throws { try file.finish() }

    /// Re-reads the file and checks it holds exactly what was written, then frees the copy.
    func matchesDisk(sha256: String, size: Int64) throws -> Bool {
        if verified { return true }
        defer { if verified { copy = nil } }
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
            same = copy.withUnsafeBytes { memcmp($0.baseAddress! + offset, chunk.baseAddress!, chunk.count) == 0 }
            offset += chunk.count
        }
        return same && offset == copy.count
    }
}
