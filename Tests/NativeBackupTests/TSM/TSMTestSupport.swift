import CZlib
import Foundation
import XCTest

@testable import NativeBackup

/// Big-endian byte helpers for building TSM and tombstone files by hand.
enum BE {
    static func u16(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
    static func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
    static func u64(_ v: UInt64) -> [UInt8] { TestBytes.bigEndian(v) }
    static func i64(_ v: Int64) -> [UInt8] { TestBytes.bigEndian(UInt64(bitPattern: v)) }
}

/// The UTF-8 bytes of a string (test keys are written as text).
func u8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// zlib's CRC-32 (IEEE) and a gzip writer (deflate with windowBits 31: gzip header and trailer).
enum Zlib {
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    /// One complete gzip member holding `input`.
    static func gzip(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2_ failed in a test")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var source = input
        let produced = source.withUnsafeMutableBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst -> Int in
                stream.next_in = src.baseAddress
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END, "deflate did not finish in a test")
                return dst.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(produced))
    }
}

/// A block as a TSM file stores it: the encoded data (without the CRC) and its time range.
struct TestBlock {
    var minTime: Int64
    var maxTime: Int64
    var data: [UInt8]

    /// An integer block (type 1) through the test encoders, Go's choice of encodings.
    static func integer(_ times: [Int64], _ values: [Int64]) -> TestBlock {
        precondition(times.count == values.count)
        var rng = SeededRandom(seed: 1)
        let ts = TimestampEncoder.encode(times, mode: .go, rng: &rng)!
        let vs = IntegerEncoder.encode(values.map { UInt64(bitPattern: $0) }, mode: .go, rng: &rng)!
        return TestBlock(minTime: times.min()!, maxTime: times.max()!, data: BlockAssembler.block(type: 1, timestamps: ts, values: vs))
    }

    /// A float block (type 0) through the test encoders.
    static func float(_ times: [Int64], _ values: [Double]) -> TestBlock {
        precondition(times.count == values.count)
        var rng = SeededRandom(seed: 1)
        let ts = TimestampEncoder.encode(times, mode: .go, rng: &rng)!
        let vs = FloatEncoder.encode(values)!
        return TestBlock(minTime: times.min()!, maxTime: times.max()!, data: BlockAssembler.block(type: 0, timestamps: ts, values: vs))
    }
}

/// Writes a TSM v1 file the way `tsm1/writer.go` lays it out: `magic || version || blocks ||
/// index || indexOffset`, every block `crc32 || data`, every index entry's size counting the CRC.
struct TSMFileBuilder {
    struct Key {
        var key: [UInt8]
        var type: UInt8
        var blocks: [TestBlock]
    }

    var keys: [Key] = []
    /// Where each key's blocks were written, filled in by `bytes()` (key order as given).
    private(set) var entries: [[TSMIndexEntry]] = []

    mutating func add(_ key: String, type: UInt8 = 1, _ blocks: TestBlock...) { add(u8(key), type: type, blocks) }

    mutating func add(_ key: [UInt8], type: UInt8 = 1, _ blocks: [TestBlock]) { keys.append(Key(key: key, type: type, blocks: blocks)) }

    /// The file; keys are written in the order added (callers add them sorted, as the engine does).
    mutating func bytes() -> [UInt8] {
        var out: [UInt8] = [0x16, 0xD1, 0x16, 0xD1, 0x01]
        entries = []
        for key in keys {
            var list: [TSMIndexEntry] = []
            for block in key.blocks {
                list.append(TSMIndexEntry(minTime: block.minTime, maxTime: block.maxTime, offset: out.count, size: 4 + block.data.count))
                out += BE.u32(Zlib.crc(block.data)) + block.data
            }
            entries.append(list)
        }
        let indexOffset = out.count
        for (key, list) in zip(keys, entries) {
            out += BE.u16(key.key.count) + key.key + [key.type] + BE.u16(list.count)
            for e in list { out += BE.i64(e.minTime) + BE.i64(e.maxTime) + BE.u64(UInt64(e.offset)) + BE.u32(UInt32(e.size)) }
        }
        return out + BE.u64(UInt64(indexOffset))
    }
}

/// A fresh folder under the temporary directory, removed by `remove()` (call it in a defer).
struct TempFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/nbtests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` (subfolders created) and returns the full path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let full = path + "/" + name
        let parent = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `body` expecting a `NativeBackupError`; fails the test if it returns or throws another.
func expectNativeError<T>(
    _ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line, _ check: (NativeBackupError) -> Void
) {
    do {
        let value = try body()
        XCTFail("expected an error, got \(value)", file: file, line: line)
    } catch let error as NativeBackupError {
        check(error)
    } catch {
        XCTFail("expected a NativeBackupError, got \(error)", file: file, line: line)
    }
}
