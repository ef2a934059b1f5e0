import Foundation
import XCTest

@testable import NativeBackup

/// Index records written byte by byte, damaged one way at a time: the cursor refuses each with
/// `.tsmUnreadable` naming the file, and `TSMFile.parseName` reads generation and sequence.
final class TSMIndexDamageTests: XCTestCase {
    private var folder: TempFolder!

    override func setUpWithError() throws { folder = try TempFolder() }
    override func tearDown() { folder.remove() }

    private static let block = TestBlock.integer([5, 6], [1, 2])
    /// The data section: one block at offset 5 (`crc || data`).
    private static let blocks = BE.u32(Zlib.crc(block.data)) + block.data
    private static let blockSize = blocks.count

    private func entry(_ min: Int64, _ max: Int64, _ offset: UInt64, _ size: UInt32) -> [UInt8] {
        BE.i64(min) + BE.i64(max) + BE.u64(offset) + BE.u32(size)
    }

    private func key(_ key: String, count: Int, _ entries: [UInt8]...) -> [UInt8] {
        BE.u16(key.utf8.count) + u8(key) + [1] + BE.u16(count) + entries.flatMap { $0 }
    }

    /// Header, the one block, `index`, and the footer pointing at the index.
    private func open(_ index: [UInt8], line: UInt = #line) throws -> TSMFile {
        let bytes = [0x16, 0xD1, 0x16, 0xD1, 0x01] + Self.blocks + index + BE.u64(UInt64(5 + Self.blockSize))
        return try TSMFile(path: try folder.write("f\(line).tsm", bytes), label: "label.tsm")
    }

    private func expectDamaged(_ index: [UInt8], _ fragment: String, line: UInt = #line) throws {
        let file = try open(index, line: line)
        var cursor = file.indexCursor()
        expectNativeError({ try cursor.next() }, line: line) { error in
            guard case .tsmUnreadable(let path, let message) = error else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(path, "label.tsm", line: line)
            XCTAssertTrue(message.hasPrefix("index: "), message, line: line)
            XCTAssertTrue(message.contains(fragment), message, line: line)
        }
    }

    func testBlockExactlyToTheIndexIsFine() throws {
        let size = UInt32(Self.blockSize)
        let file = try open(key("k#!~#f", count: 1, entry(5, 6, 5, size)))
        var cursor = file.indexCursor()
        let k = try XCTUnwrap(try cursor.next())
        XCTAssertEqual(k.entries, [TSMIndexEntry(minTime: 5, maxTime: 6, offset: 5, size: Self.blockSize)])
        var buffer: [UInt8] = []
        try file.readBlock(k.entries[0], key: k.key, into: &buffer)
        XCTAssertEqual(try BlockTestSupport.decode(Array(buffer[4..<Self.blockSize])).values, .integer([1, 2]))
    }

    func testBlocksOutsideTheData() throws {
        let size = UInt32(Self.blockSize)
        // One byte into the index: offset + size = indexStart + 1.
        try expectDamaged(key("k", count: 1, entry(5, 6, 5, size + 1)), "lies outside the data")
        try expectDamaged(key("k", count: 1, entry(5, 6, 6, size)), "lies outside the data")
        // Offset 4 overlaps the header (blocks start at byte 5).
        try expectDamaged(key("k", count: 1, entry(5, 6, 4, 5)), "block at 4 of 5 bytes lies outside")
        // A block is its 4 CRC bytes and at least one byte of data.
        try expectDamaged(key("k", count: 1, entry(5, 6, 5, 4)), "lies outside the data")
        try expectDamaged(key("k", count: 1, entry(5, 6, .max, 10)), "lies outside the data")
        try expectDamaged(key("k", count: 1, entry(5, 6, 5, .max)), "lies outside the data")
        // The second entry of a key is checked too.
        try expectDamaged(key("k", count: 2, entry(5, 6, 5, size), entry(7, 8, 1 << 40, size)), "lies outside the data")
    }

    func testReversedTimeRange() throws {
        try expectDamaged(key("k", count: 1, entry(7, 6, 5, UInt32(Self.blockSize))), "time range is reversed")
    }

    /// Keys out of order, or a key twice: the second read refuses it (TSM v1 has no index checksum).
    func testKeysMustIncrease() throws {
        let e = entry(5, 6, 5, UInt32(Self.blockSize))
        for (first, second) in [("m,t=b#!~#v", "m,t=a#!~#v"), ("m#!~#v", "m#!~#v")] {
            let file = try open(key(first, count: 1, e) + key(second, count: 1, e))
            var cursor = file.indexCursor()
            XCTAssertEqual(try cursor.next()?.key, u8(first))
            expectNativeError({ try cursor.next() }) { error in
                guard case .tsmUnreadable(_, let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(
                    message.contains("key \(second) at index byte") && message.hasSuffix("does not sort after the key before it"), message)
            }
        }
    }

    func testKeyWithoutBlocks() throws {
        try expectDamaged(key("k", count: 0), "has no blocks")
    }

    func testTruncatedRecords() throws {
        let size = UInt32(Self.blockSize)
        // Says two entries, holds one.
        try expectDamaged(key("k", count: 2, entry(5, 6, 5, size)), "runs past the index")
        // A key length longer than the index.
        try expectDamaged(BE.u16(500) + u8("k"), "truncated")
        // Half a key length.
        try expectDamaged([0x00], "truncated")
        // A good key followed by a cut one: the first still reads.
        let file = try open(key("a", count: 1, entry(5, 6, 5, size)) + BE.u16(1) + u8("b") + [1])
        var cursor = file.indexCursor()
        XCTAssertEqual(try cursor.next()?.key, u8("a"))
        XCTAssertThrowsError(try cursor.next())
    }

    func testParseName() {
        XCTAssertTrue(TSMFile.parseName("000000002-000000001.tsm") == (2, 1))
        XCTAssertTrue(TSMFile.parseName("/tmp/x/shard-1/000000012-000000345.tsm") == (12, 345))
        XCTAssertTrue(TSMFile.parseName("a/b/000000003-000000002.tombstone") == (3, 2))
        XCTAssertTrue(TSMFile.parseName("foo.tsm") == (0, 0))
        XCTAssertTrue(TSMFile.parseName("1-2-3.tsm") == (0, 0))
        XCTAssertTrue(TSMFile.parseName("x-1.tsm") == (0, 0))
        XCTAssertTrue(TSMFile.parseName("") == (0, 0))
    }

    func testNameGivesGenerationAndSequence() throws {
        let path = try folder.write("000000007-000000003.tsm", [0x16, 0xD1, 0x16, 0xD1, 0x01] + BE.u64(5))
        let file = try TSMFile(path: path)
        XCTAssertEqual(file.generation, 7)
        XCTAssertEqual(file.sequence, 3)
        XCTAssertEqual(file.label, path, "without a label, errors name the path")
    }

    func testMissingFileIsIO() {
        expectNativeError({ try TSMFile(path: folder.path + "/nope.tsm") }) { error in
            guard case .io(_, let operation, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "open")
        }
    }
}
