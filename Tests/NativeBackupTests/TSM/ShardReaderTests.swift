import Foundation
import XCTest

@testable import NativeBackup

/// `ShardScan` and `ShardReader` over a real backup folder: two hand-written TSM files in one
/// shard archive, the older one with a v2 tombstone file.
final class ShardReaderTests: XCTestCase {
    private var fixture: BackupFixture!

    override func setUpWithError() throws { fixture = try BackupFixture() }
    override func tearDown() { fixture.remove() }

    private static func tombstone(_ records: [(String, Int64, Int64)]) -> [UInt8] {
        BE.u32(0x1502) + records.flatMap { BE.u32(UInt32($0.0.utf8.count)) + u8($0.0) + BE.i64($0.1) + BE.i64($0.2) }
    }

    /// The older file (generation 1). Its `cpu,host=b` block is damaged (CRC flipped) but wholly
    /// deleted by its tombstone, so a reader that skips such blocks never reads it.
    private static func olderFile() -> [UInt8] {
        var b = TSMFileBuilder()
        b.add("a,t=1#!~#f", type: 0, .float([1, 2], [1.5, 2.5]))
        b.add("cpu,host=a#!~#v", .integer([10, 20, 30], [1, 2, 3]))
        b.add("cpu,host=b#!~#v", .integer([10, 20], [100, 200]))
        b.add("cpu,host=c#!~#v", .integer([5], [5]))
        var bytes = b.bytes()
        bytes[b.entries[2][0].offset] ^= 0xFF
        return bytes
    }

    private static let olderTombstone = tombstone([
        ("cpu,host=a#!~#v", 20, 20),  // one value of a block
        ("cpu,host=b#!~#v", 0, 100),  // the whole (damaged) block
        ("cpu,host=c#!~#v", .min, .max),  // every value of a series
    ])

    /// The newer file (generation 2), keys in byte order (checked in `testKeyOrder`).
    private static func newerFile() -> [UInt8] {
        var b = TSMFileBuilder()
        b.add("a!,t=1#!~#f", type: 0, .float([1], [9]))
        b.add("a#!~#f", type: 0, .float([3], [3]))
        b.add("a$#!~#f", type: 0, .float([4], [4]))
        b.add("a,t=1#!~#f", type: 0, .float([2, 3], [-2.5, -3.5]))
        b.add("a,t=2#!~#f", type: 0, .float([7], [7]))
        b.add("a,t=2#!~#g", type: 0, .float([8], [8]))
        b.add("cpu,host=a#!~#v", .integer([20, 30, 40], [-20, -30, -40]))
        b.add("cpu,host=b#!~#v", .integer([15], [150]))
        return b.bytes()
    }

    private func shard() throws -> ShardFiles {
        // Archive member order is not file order: ShardFiles sorts by generation.
        try fixture.writeBackup(
            "20240101T000000Z",
            shards: [
                1: [
                    ("000000002-000000001.tsm", Self.newerFile()),
                    ("000000001-000000001.tsm", Self.olderFile()),
                    ("000000001-000000001.tombstone", Self.olderTombstone),
                ]
            ])
        return try fixture.shard(1)
    }

    private struct Row: Equatable {
        var tags: [[UInt8]]
        var fields: [[UInt8]]
        var values: [[UInt8]: DecodedBlock]
    }

    private func read(_ shard: ShardFiles, _ scan: ShardScan, _ name: String) throws -> [Row] {
        var reader = ShardReader(shard)
        var rows: [Row] = []
        let measurement = try XCTUnwrap(scan.measurements[u8(name)], name)
        try reader.read(measurement: u8(name), in: measurement) { s in
            XCTAssertEqual(s.measurement, u8(name))
            var values: [[UInt8]: DecodedBlock] = [:]
            for f in s.fields { values[f.name] = DecodedBlock(timestamps: f.timestamps, values: f.values) }
            rows.append(Row(tags: s.tags.flatMap { [$0.key, $0.value] }, fields: s.fields.map(\.name), values: values))
        }
        return rows
    }

    func testKeyOrder() {
        // '!' 0x21 < '#' 0x23 < '$' 0x24 < ',' 0x2C: the keys of `a` come in two runs per file,
        // split by `a$`; `a!` sorts before all of them.
        let keys = ["a!,t=1#!~#f", "a#!~#f", "a$#!~#f", "a,t=1#!~#f", "a,t=2#!~#f", "a,t=2#!~#g", "cpu,host=a#!~#v"].map(u8)
        for i in 1..<keys.count { XCTAssertTrue(keys[i - 1].lexicographicallyPrecedes(keys[i]), "\(i)") }
    }

    func testFilesOldestFirstWithTheirTombstones() throws {
        let shard = try shard()
        XCTAssertEqual(shard.files.map(\.generation), [1, 2])
        XCTAssertEqual(shard.tombstones[0].deleted(u8("cpu,host=a#!~#v")), [20...20])
        XCTAssertTrue(shard.tombstones[1].isEmpty, "the newer file has no tombstone file")
        XCTAssertTrue(shard.files[0].label.hasSuffix("20240101T000000Z.s1.tar.gz:000000001-000000001.tsm"), shard.files[0].label)
        // The damaged block of the older file really is damaged (the tombstone hides it).
        var cursor = shard.files[0].indexCursor()
        _ = try cursor.next()
        _ = try cursor.next()
        let b = try XCTUnwrap(try cursor.next())
        XCTAssertEqual(b.key, u8("cpu,host=b#!~#v"))
        var buffer: [UInt8] = []
        XCTAssertThrowsError(try shard.files[0].readBlock(b.entries[0], key: b.key, into: &buffer))
        XCTAssertEqual(shard.shardID, 1)
        XCTAssertEqual(shard.database, "db")
        XCTAssertEqual(shard.retentionPolicy, "autogen")
    }

    func testScanFindsMeasurementsAndRuns() throws {
        let shard = try shard()
        let scan = try ShardScan(shard)
        XCTAssertEqual(Set(scan.measurements.keys), Set(["a!", "a", "a$", "cpu"].map(u8)))
        let a = try XCTUnwrap(scan.measurements[u8("a")])
        // Per source: the two files, then the WAL cache (none in a backup).
        XCTAssertEqual(a.runs.map(\.count), [1, 2, 0], "one run in the older file, two in the newer")
        XCTAssertEqual(a.keys, 5, "a,t=1 in both files, a, a,t=2 f and g in the newer")
        XCTAssertEqual(a.fields, ["f": [0], "g": [0]])
        XCTAssertEqual(scan.measurements[u8("cpu")]?.keys, 5)
        XCTAssertEqual(scan.measurements[u8("cpu")]?.fields, ["v": [1]])
        XCTAssertEqual(scan.measurements[u8("a!")]?.runs.map(\.count), [0, 1, 0])
    }

    func testNewerFileWinsAndTombstonesStayWithTheirFile() throws {
        let shard = try shard()
        let rows = try read(shard, try ShardScan(shard), "cpu")
        // host=a: 10 and 30 from the older file, but 30 is in the newer one too (newer wins);
        // 20 is deleted in the older file only, so the newer file's 20 stays.
        // host=b: the older block is wholly deleted (and, damaged, never read); 15 from the newer.
        // host=c: every value deleted, so the series is not passed at all.
        XCTAssertEqual(
            rows,
            [
                Row(
                    tags: [u8("host"), u8("a")], fields: [u8("v")],
                    values: [u8("v"): .init(timestamps: [10, 20, 30, 40], values: .integer([1, -20, -30, -40]))]),
                Row(tags: [u8("host"), u8("b")], fields: [u8("v")], values: [u8("v"): .init(timestamps: [15], values: .integer([150]))]),
            ])
    }

    func testMeasurementInTwoRunsAndSeriesGrouping() throws {
        let shard = try shard()
        let rows = try read(shard, try ShardScan(shard), "a")
        XCTAssertEqual(rows.map(\.tags), [[], [u8("t"), u8("1")], [u8("t"), u8("2")]])
        XCTAssertEqual(rows[0].values[u8("f")], .init(timestamps: [3], values: .float([3])))
        // a,t=1: time 1 from the older file, 2 from both (the newer -2.5 wins), 3 from the newer.
        XCTAssertEqual(rows[1].values[u8("f")], .init(timestamps: [1, 2, 3], values: .float([1.5, -2.5, -3.5])))
        XCTAssertEqual(rows[2].fields, [u8("f"), u8("g")], "both fields of one series in one SeriesData")
        XCTAssertEqual(rows[2].values[u8("g")], .init(timestamps: [8], values: .float([8])))
        let bang = try read(shard, try ShardScan(shard), "a!")
        XCTAssertEqual(bang.map(\.tags), [[u8("t"), u8("1")]])
        XCTAssertEqual(try read(shard, try ShardScan(shard), "a$").map(\.fields), [[u8("f")]])
    }

    func testPartlyDeletedDamagedBlockThrows() throws {
        var b = TSMFileBuilder()
        b.add("m#!~#v", .integer([1, 2, 3], [1, 2, 3]))
        var bytes = b.bytes()
        bytes[b.entries[0][0].offset + 6] ^= 0x01
        try fixture.writeBackup(
            "20240101T000000Z",
            shards: [2: [("000000001-000000001.tsm", bytes), ("000000001-000000001.tombstone", Self.tombstone([("m#!~#v", 2, 3)]))]])
        let shard = try fixture.shard(2)
        let scan = try ShardScan(shard)
        var reader = ShardReader(shard)
        XCTAssertThrowsError(try reader.read(measurement: u8("m"), in: scan.measurements[u8("m")]!) { _ in }) { error in
            guard case NativeBackupError.damagedBlock(let path, let key, let message)? = error as? NativeBackupError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(path.hasSuffix(".s2.tar.gz:000000001-000000001.tsm"), path)
            XCTAssertEqual(key, "m#!~#v")
            XCTAssertTrue(message.contains("CRC-32 mismatch"), message)
        }
    }

    func testTypeConflictAcrossFilesThrows() throws {
        var older = TSMFileBuilder()
        older.add("m#!~#v", type: 0, .float([1], [1]))
        var newer = TSMFileBuilder()
        newer.add("m#!~#v", .integer([2], [2]))
        try fixture.writeBackup(
            "20240101T000000Z", shards: [2: [("000000001-000000001.tsm", older.bytes()), ("000000002-000000001.tsm", newer.bytes())]])
        let shard = try fixture.shard(2)
        let scan = try ShardScan(shard)
        XCTAssertEqual(scan.measurements[u8("m")]?.fields, ["v": [0, 1]])
        var reader = ShardReader(shard)
        XCTAssertThrowsError(try reader.read(measurement: u8("m"), in: scan.measurements[u8("m")]!) { _ in }) { error in
            guard case NativeBackupError.damagedBlock(let path, _, let message)? = error as? NativeBackupError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(path.hasSuffix("000000002-000000001.tsm"), path)
            XCTAssertTrue(message.contains("integer block where") && message.contains("has float blocks"), message)
        }
    }

    func testUnescapedSpaceInAKeyIsRefused() throws {
        var b = TSMFileBuilder()
        b.add("a b#!~#v", .integer([1], [1]))
        try fixture.writeBackup("20240101T000000Z", shards: [3: [("000000001-000000001.tsm", b.bytes())]])
        expectNativeError({ try ShardScan(try fixture.shard(3)) }) { error in
            guard case .tsmUnreadable(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("unescaped space"), message)
        }
    }
}
