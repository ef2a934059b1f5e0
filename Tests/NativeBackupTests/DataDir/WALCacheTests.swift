import Foundation
import XCTest

@testable import NativeBackup

/// WAL segments written by hand (`tsdb/engine/tsm1/wal.go`: `type u8 || length u32 ||
/// snappy(body)` per entry) and replayed as the engine's `CacheLoader` does.
final class WALCacheTests: XCTestCase {
    /// One write entry body: `type u8 || keyLen u16 || key || count u32 || (time i64 || value)*`.
    func write(_ key: String, type: UInt8, _ values: [(Int64, [UInt8])]) -> [UInt8] {
        var b: [UInt8] = [type] + BE.u16(key.utf8.count) + u8(key) + BE.u32(UInt32(values.count))
        for (t, v) in values { b += BE.i64(t) + v }
        return b
    }

    func entry(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
        let packed = StringEncoder.snappy(body)
        return [type] + BE.u32(UInt32(packed.count)) + packed
    }

    func float(_ v: Double) -> [UInt8] { BE.u64(v.bitPattern) }

    func load(_ segments: [[UInt8]]) throws -> WALCache {
        let folder = try TempFolder()
        defer { folder.remove() }
        for (i, s) in segments.enumerated() { try folder.write(String(format: "_%05d.wal", i + 1), s) }
        try folder.write("_00099.wal.tmp", [0xFF])  // not a segment
        return try WALCache.load(folder: folder.path, label: "wal/db/rp/1")
    }

    func testWritesOfEveryTypeLaterWinsAndOrder() throws {
        let segment =
            entry(1, write("cpu#!~#f", type: 1, [(20, float(2.5)), (10, float(1.5))]))
            + entry(1, write("cpu#!~#i", type: 2, [(5, BE.i64(-7))]) + write("cpu#!~#b", type: 3, [(5, [1]), (6, [0])]))
            + entry(1, write("cpu#!~#s", type: 4, [(5, BE.u32(2) + u8("hi")), (6, BE.u32(0))]))
            + entry(1, write("cpu#!~#f", type: 1, [(20, float(-0.0))]))  // the same time again: the later write wins
        let cache = try load([segment])
        XCTAssertEqual(cache.keys.map { String(decoding: $0, as: UTF8.self) }, ["cpu#!~#b", "cpu#!~#f", "cpu#!~#i", "cpu#!~#s"])
        let f = try XCTUnwrap(cache.values[u8("cpu#!~#f")])
        XCTAssertEqual(f.timestamps, [10, 20])
        guard case .float(let fv) = f.values else { return XCTFail("\(f.values)") }
        XCTAssertEqual(fv.map(\.bitPattern), [Double(1.5).bitPattern, Double(-0.0).bitPattern])
        XCTAssertEqual(cache.values[u8("cpu#!~#i")]?.values, .integer([-7]))
        XCTAssertEqual(cache.values[u8("cpu#!~#b")]?.values, .boolean([true, false]))
        XCTAssertEqual(cache.values[u8("cpu#!~#s")]?.values, .string(StringValues(bytes: u8("hi"), ends: [2, 2])))
        XCTAssertEqual(cache.notes, [])
    }

    func testDeletesApplyToWhatCameBeforeThemOnly() throws {
        let first = entry(
            1, write("m#!~#v", type: 2, [(1, BE.i64(1)), (2, BE.i64(2)), (3, BE.i64(3))]) + write("gone#!~#v", type: 2, [(1, BE.i64(9))]))
        // DeleteRange: min, max, then keyLen u32 + key per key; Delete: keys separated by LF.
        let ranged = entry(3, BE.i64(2) + BE.i64(3) + BE.u32(6) + u8("m#!~#v"))
        let dropped = entry(2, u8("gone#!~#v\nother#!~#v"))
        let after = entry(1, write("m#!~#v", type: 2, [(3, BE.i64(30))]) + write("gone#!~#v", type: 2, [(4, BE.i64(40))]))
        let cache = try load([first + ranged, dropped + after])  // across two segments, in name order
        XCTAssertEqual(cache.values[u8("m#!~#v")], DecodedBlock(timestamps: [1, 3], values: .integer([1, 30])))
        XCTAssertEqual(cache.values[u8("gone#!~#v")], DecodedBlock(timestamps: [4], values: .integer([40])))
    }

    func testATornTailEndsItsSegmentLikeTheEngineAndIsNoted() throws {
        let good = entry(1, write("m#!~#v", type: 2, [(1, BE.i64(1))]))
        let torn = Array(entry(1, write("m#!~#v", type: 2, [(2, BE.i64(2))])).dropLast(3))
        let next = entry(1, write("m#!~#v", type: 2, [(3, BE.i64(3))]))
        let cache = try load([good + torn, next])
        XCTAssertEqual(cache.values[u8("m#!~#v")]?.timestamps, [1, 3])
        XCTAssertEqual(cache.notes.count, 1)
        XCTAssertTrue(
            cache.notes[0].hasPrefix("wal/db/rp/1/_00001.wal: an entry cut short at byte \(good.count); influxd stops reading"),
            cache.notes[0])
    }

    func testAnUnknownEntryEndsItsSegment() throws {
        let good = entry(1, write("m#!~#v", type: 2, [(1, BE.i64(1))]))
        let unknown = entry(9, [1, 2, 3])
        let cache = try load([good, unknown + good])
        XCTAssertEqual(cache.values[u8("m#!~#v")]?.timestamps, [1])
        XCTAssertEqual(cache.notes.count, 1)
        XCTAssertTrue(cache.notes[0].contains("_00002.wal: an entry of unknown type 9 at byte 0"), cache.notes[0])
    }

    /// An entry that decodes only in part is not applied at all, as the engine decodes an entry
    /// whole before applying it: neither its first key's write nor a range delete's first key.
    func testAPartlyDamagedEntryIsNotAppliedAtAll() throws {
        let good = entry(1, write("m#!~#v", type: 2, [(1, BE.i64(1)), (2, BE.i64(2))]))
        let halfWrite = entry(1, write("n#!~#v", type: 2, [(5, BE.i64(5))]) + [2, 0, 9] + u8("o#!~#"))  // 2nd key cut short
        let halfDelete = entry(3, BE.i64(1) + BE.i64(1) + BE.u32(6) + u8("m#!~#v") + BE.u32(99) + u8("x"))
        XCTAssertEqual(try load([good + halfWrite]).values[u8("n#!~#v")], nil)
        let cache = try load([good + halfDelete])
        XCTAssertEqual(cache.values[u8("m#!~#v")]?.timestamps, [1, 2], "the damaged delete removed nothing")
        XCTAssertEqual(cache.notes.count, 1)
    }

    /// Values of another type for a key: influxd fails to load the shard, so the dump fails too.
    func testATypeConflictFailsLikeTheServer() throws {
        let good = entry(1, write("m#!~#v", type: 2, [(1, BE.i64(1))]))
        let conflict = entry(1, write("m#!~#v", type: 1, [(2, float(2))]))
        expectNativeError({ try self.load([good + conflict]) }) { error in
            guard case .damagedBlock(let path, let key, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "wal/db/rp/1/_00001.wal")
            XCTAssertEqual(key, "m#!~#v")
            XCTAssertTrue(message.contains("writes float values after integer ones; influxd would not load this shard"), message)
        }
    }

    func testAnEmptyFolderIsAnEmptyCache() throws {
        let cache = try load([])
        XCTAssertEqual(cache.keys, [])
    }
}
