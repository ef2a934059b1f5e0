import CZstd
import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Support

final class ZstdTests: XCTestCase {
    private var tmp: TempDirectory!

    override func setUpWithError() throws { tmp = try TempDirectory() }
    override func tearDown() { tmp.remove() }

    /// Deterministic pseudo-random bytes (xorshift), half of them compressible text.
    private func data(_ n: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        var out = [UInt8](); out.reserveCapacity(n)
        while out.count < n {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            if x % 3 == 0 {
                out += u8("cpu,host=a f=1.5 1700000000000000000\n").prefix(n - out.count)
            } else {
                out.append(UInt8(truncatingIfNeeded: x))
            }
        }
        return out
    }

    private func compress(_ input: [UInt8], level: Int32 = 3, piece: Int = 1 << 20) throws -> [UInt8] {
        let sink = MemorySink()
        let c = try ZstdCompressor(level: level, next: sink)
        var i = 0
        while i < input.count {
            let j = min(input.count, i + piece)
            try input[i..<j].withUnsafeBytes { try c.write($0) }
            i = j
        }
        try c.finish()
        return sink.bytes
    }

    private func decompress(_ input: [UInt8], piece: Int = 1 << 20) throws -> (bytes: [UInt8], counted: Int64) {
        let sink = MemorySink()
        let d = try ZstdDecompressor(next: sink)
        var i = 0
        while i < input.count {
            let j = min(input.count, i + piece)
            try input[i..<j].withUnsafeBytes { try d.write($0) }
            i = j
        }
        try d.finish()
        return (sink.bytes, d.decompressedBytes)
    }

    private func zstdCLI(_ args: [String]) throws -> (status: Int32, output: Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/zstd")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data)
    }

    func testRoundTripOfSeveralSizes() throws {
        for (n, seed) in [(0, 1), (1, 2), (100, 3), (4096, 4), (131_073, 5), (1_048_577, 6)] as [(Int, UInt64)] {
            let input = data(n, seed: seed)
            for piece in [1 << 20, 4093] {
                let compressed = try compress(input, piece: piece)
                XCTAssertEqual(Array(compressed.prefix(4)), [0x28, 0xB5, 0x2F, 0xFD], "zstd frame magic")
                XCTAssertEqual(compressed[4] & 0x04, 0x04, "content checksum flag set")
                let frameSize = compressed.withUnsafeBytes { ZSTD_findFrameCompressedSize($0.baseAddress, $0.count) }
                XCTAssertEqual(frameSize, compressed.count, "exactly one frame")
                for dpiece in [1 << 20, 7, 1] where dpiece > 1 || compressed.count < 5000 {
                    let (out, counted) = try decompress(compressed, piece: dpiece)
                    XCTAssertEqual(out, input, "size \(n), pieces \(piece)/\(dpiece)")
                    XCTAssertEqual(counted, Int64(n))
                }
            }
        }
    }

    /// Contexts are reused: a compressor abandoned mid-frame, or one at another level, must not
    /// leave anything behind in the context the next compressor gets. The level-3 baseline comes
    /// from a context libzstd makes here, outside the pool.
    func testReusedContextsGiveTheSameFramesAsFreshOnes() throws {
        let a = data(300_000, seed: 7), b = data(200_000, seed: 11)
        let fresh3: [UInt8] = try {
            let ctx = try XCTUnwrap(ZSTD_createCCtx())
            defer { ZSTD_freeCCtx(ctx) }
            XCTAssertEqual(ifd_zstd_failed(ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, 3)), 0)
            XCTAssertEqual(ifd_zstd_failed(ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1)), 0)
            // Streamed like ZstdCompressor (no pledged size), not one-shot: one-shot frames
            // record the content size and so differ.
            var out = [UInt8](repeating: 0, count: ZSTD_compressBound(b.count) + 64)
            let n = out.withUnsafeMutableBytes { o in
                b.withUnsafeBytes { i in
                    var input = ZSTD_inBuffer(src: i.baseAddress, size: i.count, pos: 0)
                    var output = ZSTD_outBuffer(dst: o.baseAddress, size: o.count, pos: 0)
                    while input.pos < input.size {
                        XCTAssertEqual(ifd_zstd_failed(ZSTD_compressStream2(ctx, &output, &input, ZSTD_e_continue)), 0)
                    }
                    while true {
                        let left = ZSTD_compressStream2(ctx, &output, &input, ZSTD_e_end)
                        XCTAssertEqual(ifd_zstd_failed(left), 0)
                        if left == 0 || ifd_zstd_failed(left) != 0 { break }
                    }
                    return output.pos
                }
            }
            return Array(out.prefix(n))
        }()
        let expected1 = try compress(b, level: 1)
        for _ in 0..<3 {
            let abandoned = try ZstdCompressor(level: 1, next: MemorySink())
            try a.withUnsafeBytes { try abandoned.write($0) }  // never finished
            _ = abandoned
        }
        XCTAssertEqual(try compress(b, level: 3), fresh3, "a level-1 context's parameters leaked into level 3")
        XCTAssertEqual(try compress(b, level: 1), expected1)
        XCTAssertEqual(try decompress(expected1).bytes, b)
        XCTAssertNotEqual(expected1, fresh3, "the levels must differ, or this test proves nothing")
    }

    /// The tuned level 1 must still Huffman-code literals: text of random digits would
    /// otherwise be stored nearly raw (about twice the size).
    func testLevelOneCompressesDigitText() throws {
        var x: UInt64 = 42
        var text = [UInt8]()
        while text.count < 1_000_000 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            text += u8("cpu,host=h\(x % 100) usage=\(Double(x % 1_000_000_007) / 1e7) \(1_700_000_000_000_000_000 + Int64(text.count))\n")
        }
        let packed = try compress(text, level: 1)
        XCTAssertEqual(try decompress(packed).bytes, text)
        XCTAssertLessThan(Double(packed.count) / Double(text.count), 0.3, "literals not entropy-coded? (raw literals give about 0.4)")
    }

    func testEmptyCompressedInputIsAnError() throws {
        let d = try ZstdDecompressor(next: MemorySink())
        XCTAssertThrowsError(try d.finish()) { XCTAssertEqual("\($0)", "zstd: empty input") }
        let d2 = try ZstdDecompressor(next: MemorySink())
        try d2.write([UInt8]())  // an empty write is not input
        XCTAssertThrowsError(try d2.finish())
    }

    func testEmptyRawInputMakesAValidFrame() throws {
        let compressed = try compress([])
        XCTAssertFalse(compressed.isEmpty)
        XCTAssertEqual(try decompress(compressed).bytes, [])
    }

    func testZstdCLIAcceptsTheOutput() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") else { throw XCTSkip("no /usr/bin/zstd") }
        for (n, seed) in [(0, 7), (10, 8), (300_000, 9)] as [(Int, UInt64)] {
            let input = data(n, seed: seed)
            let file = tmp.file("s\(n).zst")
            try writeBytes(file, try compress(input, level: 19))
            XCTAssertEqual(try zstdCLI(["-q", "-t", file]).status, 0, "zstd -t size \(n)")
            let (status, out) = try zstdCLI(["-q", "-d", "-c", file])
            XCTAssertEqual(status, 0)
            XCTAssertEqual(Array(out), input, "zstd -d size \(n)")
        }
    }

    func testDecompressesWhatTheCLIWrote() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") else { throw XCTSkip("no /usr/bin/zstd") }
        let input = data(50_000, seed: 11)
        let file = tmp.file("in.bin")
        try writeBytes(file, input)
        let (status, out) = try zstdCLI(["-q", "-c", "--check", file])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(try decompress(Array(out), piece: 1000).bytes, input)
    }

    func testTruncatedInputFailsAtFinish() throws {
        let input = data(20_000, seed: 12)
        let compressed = try compress(input)
        for cut in Set([1, 3, 4, 5, 6, 10, compressed.count / 2, compressed.count - 4, compressed.count - 1]) {
            let sink = MemorySink()
            let d = try ZstdDecompressor(next: sink)
            try compressed[..<cut].withUnsafeBytes { try d.write($0) }
            XCTAssertThrowsError(try d.finish(), "cut at \(cut)") {
                XCTAssertEqual("\($0)", "zstd: truncated (input ends inside a frame)", "cut at \(cut)")
            }
        }
    }

    func testFlippedByteIsAnError() throws {
        let input = data(3000, seed: 13)
        let compressed = try compress(input)
        for pos in compressed.indices {
            var bad = compressed
            bad[pos] ^= 0xFF
            XCTAssertThrowsError(try decompress(bad), "flip at \(pos) of \(compressed.count) went unnoticed")
        }
    }

    func testGarbageIsAnError() {
        XCTAssertThrowsError(try decompress(u8("this is not zstd at all")))
    }

    func testConcatenatedFramesAreAccepted() throws {
        let a = data(1000, seed: 14), b = data(2000, seed: 15)
        XCTAssertEqual(try decompress(try compress(a) + compress(b), piece: 33).bytes, a + b)
    }
}
