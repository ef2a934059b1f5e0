import CZstd
import LineProtocol
import Support

/// A sink that decompresses zstd input (one or more frames) into the next sink. `finish()`
/// throws if the input stopped inside a frame (a truncated file). Frame checksums are checked
/// by libzstd as each frame ends.
public final class ZstdDecompressor: ByteSink {
    private let ctx: OpaquePointer
    private let next: ByteSink
    /// Output staging, ZSTD_DStreamOutSize() (~128 KiB).
    private var out: [UInt8]
    private var lastResult = 0
    private var sawInput = false
    public private(set) var decompressedBytes: Int64 = 0

    public init(next: ByteSink) throws(ArchiveError) {
        guard let c = ZSTD_createDCtx() else { throw .zstd(operation: "create context", message: "out of memory") }
        ctx = c
        self.next = next
        out = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    }

    deinit { ZSTD_freeDCtx(ctx) }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        sawInput = true
        var input = ZSTD_inBuffer(src: base, size: bytes.count, pos: 0)
        let count = out.count
        while input.pos < input.size {
            try out.withUnsafeMutableBytes { buf in
                var output = ZSTD_outBuffer(dst: buf.baseAddress, size: count, pos: 0)
                let r = ZSTD_decompressStream(ctx, &output, &input)
                if ifd_zstd_failed(r) != 0 { throw Failure(description: "zstd: " + String(cString: ZSTD_getErrorName(r))) }
                lastResult = r
                if output.pos > 0 {
                    decompressedBytes += Int64(output.pos)
                    try next.write(UnsafeRawBufferPointer(rebasing: buf[0..<output.pos]))
                }
            }
        }
        // Flush what the decoder still holds for the bytes already given.
        while lastResult != 0 {
            var empty = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
            var produced = 0
            try out.withUnsafeMutableBytes { buf in
                var output = ZSTD_outBuffer(dst: buf.baseAddress, size: count, pos: 0)
                let r = ZSTD_decompressStream(ctx, &output, &empty)
                if ifd_zstd_failed(r) != 0 { throw Failure(description: "zstd: " + String(cString: ZSTD_getErrorName(r))) }
                lastResult = r
                produced = output.pos
                if output.pos > 0 {
                    decompressedBytes += Int64(output.pos)
                    try next.write(UnsafeRawBufferPointer(rebasing: buf[0..<output.pos]))
                }
            }
            if produced == 0 { break }
        }
    }

    public func finish() throws {
        guard sawInput else { throw Failure(description: "zstd: empty input") }
        guard lastResult == 0 else { throw Failure(description: "zstd: truncated (input ends inside a frame)") }
        try next.finish()
    }
}
