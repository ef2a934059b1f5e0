import Foundation
import XCTest

@testable import NativeBackup

/// Tombstone files of every version, built byte by byte from `tsdb/engine/tsm1/tombstone.go`
/// (`Walk` picks the reader by the 4-byte big-endian header; v1 has none).
final class TombstonesTests: XCTestCase {
    private static let all = Int64.min...Int64.max

    /// One v2-v4 record: `keyLen u32 || key || min i64 || max i64`, big-endian.
    private func record(_ key: [UInt8], _ min: Int64, _ max: Int64) -> [UInt8] {
        BE.u32(UInt32(key.count)) + key + BE.i64(min) + BE.i64(max)
    }

    private func header(_ version: UInt32) -> [UInt8] { BE.u32(version) }

    private func parse(_ bytes: [UInt8]) throws -> Tombstones { try Tombstones.parse(bytes, path: "t.tombstone") }

    func testV1TextLines() throws {
        // readTombstoneV1: bufio.Scanner lines, empty ones skipped, every time deleted.
        let t = try parse(u8("cpu,host=a#!~#value\n\nmem#!~#free\nlast#!~#f"))
        XCTAssertEqual(t.ranges.count, 3)
        XCTAssertEqual(t.deleted(u8("cpu,host=a#!~#value")), [Self.all])
        XCTAssertEqual(t.deleted(u8("mem#!~#free")), [Self.all])
        XCTAssertEqual(t.deleted(u8("last#!~#f")), [Self.all], "a last line without a newline counts")
        XCTAssertNil(t.deleted(u8("cpu")))
    }

    /// Go's `bufio.ScanLines` drops a carriage return before the newline (`dropCR`).
    func testV1DropsCarriageReturn() throws {
        let t = try parse(u8("cpu#!~#f\r\nmem#!~#g\n"))
        XCTAssertNotNil(t.deleted(u8("mem#!~#g")))
        // bufio.ScanLines drops the CR before the LF.
        XCTAssertNotNil(t.deleted(u8("cpu#!~#f")))
        XCTAssertNil(t.deleted(u8("cpu#!~#f\r")))
    }

    func testEmptyFileIsEmptyV1() throws {
        // Walk: a failed 4-byte read (zero-length file) is read as an empty v1 file.
        XCTAssertTrue(try parse([]).isEmpty)
        XCTAssertEqual(try parse([]), Tombstones())
    }

    func testV2Records() throws {
        let key = u8("cpu,host=a#!~#value")
        let odd: [UInt8] = [0xFF, 0x00, 0x23]  // keys are bytes, not text
        let bytes =
            header(0x1502) + record(key, 10, 20) + record(odd, .min, .max) + record(key, 30, 30)
            + record(u8("rev"), 5, 4)  // min > max: deletes nothing, and is not kept
        let t = try parse(bytes)
        XCTAssertEqual(t.deleted(key), [10...20, 30...30])
        XCTAssertEqual(t.deleted(odd), [Self.all])
        XCTAssertNil(t.deleted(u8("rev")))
        XCTAssertEqual(t.ranges.count, 2)
    }

    func testV2NegativeTimesAreSigned() throws {
        // -5 is 0xFFFF_FFFF_FFFF_FFFB: read as a signed i64.
        let t = try parse(header(0x1502) + BE.u32(1) + [0x6B] + Array(repeating: 0xFF, count: 7) + [0xFB] + BE.i64(7))
        XCTAssertEqual(t.deleted([0x6B]), [-5...7])
    }

    func testV2HeaderOnlyAndEmptyKey() throws {
        XCTAssertTrue(try parse(header(0x1502)).isEmpty)
        XCTAssertEqual(try parse(header(0x1502) + record([], 1, 2)).deleted([]), [1...2])
    }

    func testV3OneGzipMember() throws {
        let records = record(u8("a#!~#f"), 100, 200) + record(u8("b#!~#f"), -1, 1)
        let t = try parse(header(0x1503) + Zlib.gzip(records))
        XCTAssertEqual(t.deleted(u8("a#!~#f")), [100...200])
        XCTAssertEqual(t.deleted(u8("b#!~#f")), [-1...1])
        XCTAssertEqual(t.ranges.count, 2)
    }

    func testV4GzipMembersBackToBack() throws {
        // readTombstoneV4 resets the gzip reader for each member (one per batch of deletes).
        let first = Zlib.gzip(record(u8("a#!~#f"), 1, 2))
        let second = Zlib.gzip(record(u8("a#!~#f"), 5, 9) + record(u8("c#!~#g"), .min, .max))
        let t = try parse(header(0x1504) + first + second)
        XCTAssertEqual(t.deleted(u8("a#!~#f")), [1...2, 5...9], "ranges in file order")
        XCTAssertEqual(t.deleted(u8("c#!~#g")), [Self.all])
    }

    func testV4HeaderOnlyIsEmpty() throws {
        // gzip.NewReader on no bytes is io.EOF: nothing deleted.
        XCTAssertTrue(try parse(header(0x1504)).isEmpty)
    }

    func testV4ManyMembers() throws {
        var bytes = header(0x1504)
        for i in 0..<50 { bytes += Zlib.gzip(record(u8("k\(i % 5)#!~#f"), Int64(i), Int64(i) + 1)) }
        let t = try parse(bytes)
        XCTAssertEqual(t.ranges.count, 5)
        XCTAssertEqual(t.deleted(u8("k3#!~#f")), [3...4, 8...9, 13...14, 18...19, 23...24, 28...29, 33...34, 38...39, 43...44, 48...49])
    }

    func testTruncatedRecordsThrow() {
        let good = record(u8("cpu#!~#f"), 1, 2)
        let cuts: [(String, [UInt8])] = [
            ("v2 missing max", header(0x1502) + good + Array(good.dropLast(3))),
            ("v2 half a length", header(0x1502) + good + [0x00, 0x00]),
            ("v2 key longer than the file", header(0x1502) + BE.u32(1000) + u8("cpu")),
            ("v3 missing min and max", header(0x1503) + Zlib.gzip(Array(good.dropLast(16)))),
            ("v4 last member truncated record", header(0x1504) + Zlib.gzip(good) + Zlib.gzip(Array(good.dropLast(1)))),
        ]
        for (name, bytes) in cuts {
            expectNativeError({ try Tombstones.parse(bytes, path: "x/1.tombstone") }) { error in
                guard case .tombstoneUnreadable(let path, let message) = error else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(path, "x/1.tombstone", name)
                XCTAssertTrue(message.contains("truncated"), "\(name): \(message)")
            }
        }
    }

    func testBadGzipThrows() {
        let member = Zlib.gzip(record(u8("cpu#!~#f"), 1, 2))
        var flipped = member
        flipped[12] ^= 0xFF  // inside the deflate data (the gzip header is 10 bytes)
        let cases: [(String, [UInt8])] = [
            ("v3 not gzip", header(0x1503) + u8("this is not gzip data")),
            ("v4 not gzip", header(0x1504) + [0x1F, 0x8B, 0x00, 0x00]),
            ("v3 member without its trailer", header(0x1503) + Array(member.dropLast(8))),
            ("v4 second member cut short", header(0x1504) + member + Array(member.prefix(15))),
            ("v4 trailing garbage", header(0x1504) + member + [0x00, 0x01, 0x02]),
            ("v3 damaged data", header(0x1503) + flipped),
        ]
        for (name, bytes) in cases {
            expectNativeError({ try Tombstones.parse(bytes, path: "y/2.tombstone") }) { error in
                guard case .tombstoneUnreadable(let path, _) = error else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(path, "y/2.tombstone", name)
            }
        }
    }

    func testLoadNamesTheLabel() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = try folder.write("000000001-000000001.tombstone", header(0x1503) + [0x00, 0x01])
        expectNativeError({ try Tombstones.load(path: path, label: "shard.tar.gz:000000001-000000001.tombstone") }) { error in
            guard case .tombstoneUnreadable(let p, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, "shard.tar.gz:000000001-000000001.tombstone")
        }
        expectNativeError({ try Tombstones.load(path: path) }) { error in
            guard case .tombstoneUnreadable(let p, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, path, "without a label, the path")
        }
        let good = try folder.write("ok.tombstone", header(0x1502) + record(u8("k"), 3, 4))
        XCTAssertEqual(try Tombstones.load(path: good).deleted(u8("k")), [3...4])
        expectNativeError({ try Tombstones.load(path: folder.path + "/missing.tombstone", label: "L") }) { error in
            guard case .io(let p, let op, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, "L")
            XCTAssertEqual(op, "read")
        }
    }
}
