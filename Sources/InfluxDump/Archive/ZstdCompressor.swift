import CZstd

/// A sink that zstd-compresses into the next sink: one frame, content checksum on, so
/// `zstd -d` and `zstd -t` check every segment without influxdump.
public final class ZstdCompressor: ByteSink {
    private let ctx: OpaquePointer
    private let next: ByteSink
    /// Output staging, ZSTD_CStreamOutSize() (~128 KiB): the only buffer this stage holds.
    private var out: [UInt8]

    public init(level: Int32, next: ByteSink) throws(ArchiveError) {
        guard let c = ZSTD_createCCtx() else { throw .io(path: "zstd", operation: "create context", message: "out of memory") }
        ctx = c
        self.next = next
        out = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, level), "set level \(level)")
        try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1), "enable checksum")
        if level == 1 {
            // Level 1 with a 16 KiB hash table (it stays in L1 cache) and 7-byte minimum matches:
            // on line protocol of metrics 10-25% less time in zstd and a 4.5% smaller archive
            // than plain level 1 (bench/RESULTS.md). Frames stay standard: any zstd reads them.
            try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_hashLog, 12), "set hash log")
            try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_minMatch, 7), "set min match")
        }
    }

    deinit { ZSTD_freeCCtx(ctx) }

    private func check(_ code: Int, _ what: String) throws(ArchiveError) {
        if ifd_zstd_failed(code) != 0 {
            throw .io(path: "zstd", operation: what, message: String(cString: ZSTD_getErrorName(code)))
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var input = ZSTD_inBuffer(src: base, size: bytes.count, pos: 0)
        while input.pos < input.size {
            try drain(&input, ZSTD_e_continue)
        }
    }

    public func finish() throws {
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try drain(&input, ZSTD_e_end) != 0 {}
        try next.finish()
    }

    @discardableResult
    private func drain(_ input: inout ZSTD_inBuffer, _ mode: ZSTD_EndDirective) throws -> Int {
        let count = out.count
        return try out.withUnsafeMutableBytes { buf in
            var output = ZSTD_outBuffer(dst: buf.baseAddress, size: count, pos: 0)
            let remaining = ZSTD_compressStream2(ctx, &output, &input, mode)
            try check(remaining, "compress")
            if output.pos > 0 { try next.write(UnsafeRawBufferPointer(rebasing: buf[0..<output.pos])) }
            return remaining
        }
    }
}
