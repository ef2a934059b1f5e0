import CZstd
import Support

/// A sink that zstd-compresses into the next sink: one frame, content checksum on, so
/// `zstd -d` and `zstd -t` check every segment without influxdump.
public final class ZstdCompressor: ByteSink {
    private let ctx: OpaquePointer
    private let next: ByteSink
    /// Output staging, ZSTD_CStreamOutSize() (~128 KiB): the only buffer this stage holds.
    private var out: [UInt8]

    /// Contexts of finished compressors, reset and reused: a new one per segment would fault in
    /// its tables and window again. Only those of the fast levels are kept (a level-19 context
    /// holds tens of MiB, which a long-lived `run` would keep).
    private static let spare = SparePool<OpaquePointer>(limit: 8)
    private static let maxSpareLevel: Int32 = 3
    private let level: Int32

    public init(level: Int32, next: ByteSink) throws(ArchiveError) {
        let reused = Self.spare.take()
        if let reused {
            ctx = reused
        } else {
            guard let c = ZSTD_createCCtx() else { throw .zstd(operation: "create context", message: "out of memory") }
            ctx = c
        }
        self.next = next
        self.level = level
        out = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        if reused != nil {
            // Back to a fresh context's state: no parameters, no frame in progress.
            try check(ZSTD_CCtx_reset(ctx, ZSTD_reset_session_and_parameters), "reset context")
        }
        try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, level), "set level \(level)")
        try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1), "enable checksum")
        if level == 1 {
            // Level 1 tuned for line protocol (bench/RESULTS.md): an 8 KiB hash table that stays
            // in L1 cache, 6-byte minimum matches, match-finder acceleration 3, and literals
            // always Huffman-coded. Against plain level 1 on the benchmark's data: 17% fewer
            // instructions in zstd and a 1% smaller archive. Frames stay standard zstd.
            try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_hashLog, 11), "set hash log")
            try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_minMatch, 6), "set min match")
            if ifd_zstd_failed(ifd_zstd_force_literal_compression(ctx)) == 0 {
                try check(ZSTD_CCtx_setParameter(ctx, ZSTD_c_targetLength, 3), "set target length")
            }
        }
    }

    deinit {
        if level > Self.maxSpareLevel || !Self.spare.give(ctx) { ZSTD_freeCCtx(ctx) }
    }

    private func check(_ code: Int, _ what: String) throws(ArchiveError) {
        if ifd_zstd_failed(code) != 0 {
            throw .zstd(operation: what, message: String(cString: ZSTD_getErrorName(code)))
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
