import Crypto
import Support

/// Computes SHA-256 of the bytes passing through.
public final class HashingSink: ByteSink {
    private var hasher = SHA256()
    private let next: ByteSink?
    public private(set) var hex: String? = nil

    public init(_ next: ByteSink? = nil) { self.next = next }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        try next?.write(bytes)
    }

    public func finish() throws {
        hex = Self.hex(hasher.finalize())
        try next?.finish()
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// SHA-256 of a whole file, read in 1 MiB pieces.
    public static func hashFile(_ path: String) throws -> (hex: String, size: Int64) {
        var hasher = SHA256()
        var size: Int64 = 0
        try FileSource.read(path) { chunk in
            hasher.update(bufferPointer: chunk); size += Int64(chunk.count)
        }
        return (hex(hasher.finalize()), size)
    }

    /// SHA-256 of `bytes`, lower-case hex.
    public static func hex(of bytes: UnsafeRawBufferPointer) -> String { hex(SHA256.hash(data: bytes)) }

    public static func hash(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex(SHA256.hash(data: $0)) }
    }
}
