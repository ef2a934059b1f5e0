import Foundation
import XCTest

@testable import NativeBackup

/// TSM v1 files written by hand (`tsm1/writer.go`'s layout) and read back with `TSMFile`,
/// `TSMIndexCursor` and `readBlock`.
final class TSMFileTests: XCTestCase {
    private var folder: TempFolder!

    override func setUpWithError() throws { folder = try TempFolder() }
    override func tearDown() { folder.remove() }

    private static let usage = TestBlock.float([10, 20, 30], [1.5, -2.25, 0])
    private static let usage2 = TestBlock.float([40, 50], [7, 8])
    private static let count = TestBlock.integer([1_000_000_000, 2_000_000_000], [-3, 12])

    /// Two keys (sorted): a float key with two blocks, an integer key with one.
    private func sample() -> TSMFileBuilder {
        var b = TSMFileBuilder()
        b.add("cpu,host=a#!~#usage", type: 0, Self.usage, Self.usage2)
        b.add("cpu,host=b#!~#count", type: 1, Self.count)
        return b
    }

    private func write(_ bytes: [UInt8], _ name: String = "000000002-000000001.tsm") throws -> String {
        try folder.write(name, bytes)
    }

    private func decode(_ file: TSMFile, _ entry: TSMIndexEntry, _ key: [UInt8], _ buffer: inout [UInt8]) throws -> DecodedBlock {
        try file.readBlock(entry, key: key, into: &buffer)
        return try BlockTestSupport.decode(Array(buffer[4..<entry.size]))
    }

    func testReadsIndexAndBlocks() throws {
        var builder = sample()
        let bytes = builder.bytes()
        let file = try TSMFile(path: try write(bytes))
        // Header 5 bytes, then the blocks back to back, each 4 CRC bytes + data.
        let first = TSMIndexEntry(minTime: 10, maxTime: 30, offset: 5, size: 4 + Self.usage.data.count)
        XCTAssertEqual(builder.entries[0].first, first)
        XCTAssertEqual(file.indexStart, 5 + 12 + Self.usage.data.count + Self.usage2.data.count + Self.count.data.count)
        XCTAssertEqual(file.indexEnd, bytes.count - 8)

        var cursor = file.indexCursor()
        let a = try XCTUnwrap(try cursor.next())
        XCTAssertEqual(a, TSMIndexKey(key: u8("cpu,host=a#!~#usage"), type: 0, entries: builder.entries[0]))
        let b = try XCTUnwrap(try cursor.next())
        XCTAssertEqual(b.key, u8("cpu,host=b#!~#count"))
        XCTAssertEqual(b.type, 1)
        XCTAssertEqual(
            b.entries,
            [
                TSMIndexEntry(
                    minTime: 1_000_000_000, maxTime: 2_000_000_000, offset: first.size + 5 + 4 + Self.usage2.data.count,
                    size: 4 + Self.count.data.count)
            ])
        XCTAssertTrue(cursor.atEnd)
        XCTAssertNil(try cursor.next())

        var buffer: [UInt8] = []
        XCTAssertEqual(
            try decode(file, a.entries[0], a.key, &buffer), DecodedBlock(timestamps: [10, 20, 30], values: .float([1.5, -2.25, 0])))
        XCTAssertEqual(try decode(file, a.entries[1], a.key, &buffer), DecodedBlock(timestamps: [40, 50], values: .float([7, 8])))
        XCTAssertEqual(
            try decode(file, b.entries[0], b.key, &buffer),
            DecodedBlock(timestamps: [1_000_000_000, 2_000_000_000], values: .integer([-3, 12])))
    }

    func testCursorFromAPosition() throws {
        var builder = sample()
        let file = try TSMFile(path: try write(builder.bytes()))
        var cursor = file.indexCursor()
        _ = try cursor.next()
        let second = cursor.position
        // The first key's record: keyLen 2 + key 19 + type 1 + count 2 + 2 entries × 28.
        XCTAssertEqual(second, file.indexStart + 2 + 19 + 1 + 2 + 2 * 28)
        var again = file.indexCursor(from: second)
        XCTAssertEqual(try again.next()?.key, u8("cpu,host=b#!~#count"))
        XCTAssertNil(try again.next())
    }

    func testEmptyIndex() throws {
        let file = try TSMFile(path: try write([0x16, 0xD1, 0x16, 0xD1, 0x01] + BE.u64(5)))
        var cursor = file.indexCursor()
        XCTAssertTrue(cursor.atEnd)
        XCTAssertNil(try cursor.next())
    }

    /// An index longer than the cursor's 1 MiB buffer, and one key whose record alone is longer.
    func testIndexLargerThanTheBuffer() throws {
        var b = TSMFileBuilder()
        let block = TestBlock.integer([1], [1])
        b.add(u8("big#!~#f"), type: 1, [TestBlock](repeating: block, count: 40_000))  // 40 000 × 28 B > 1 MiB
        for i in 0..<30_000 { b.add(String(format: "m,k=%06d#!~#value", i), block) }
        let file = try TSMFile(path: try write(b.bytes()))
        XCTAssertGreaterThan(file.indexEnd - file.indexStart, 2 * TSMIndexCursor.bufferSize)
        var cursor = file.indexCursor()
        let big = try XCTUnwrap(try cursor.next())
        XCTAssertEqual(big.entries.count, 40_000)
        XCTAssertEqual(big.entries.last?.offset, 5 + 39_999 * (4 + block.data.count))
        var seen = 0
        while let key = try cursor.next() {
            XCTAssertEqual(key.key, u8(String(format: "m,k=%06d#!~#value", seen)))
            XCTAssertEqual(key.entries, b.entries[seen + 1])
            seen += 1
        }
        XCTAssertEqual(seen, 30_000)
    }

    func testFlippedDataByteIsDamagedBlock() throws {
        var builder = sample()
        var bytes = builder.bytes()
        let entry = builder.entries[1][0]
        bytes[entry.offset + 4 + 2] ^= 0x01  // a byte of the data, after the CRC
        let file = try TSMFile(path: try write(bytes), label: "s1.tar.gz:000000002-000000001.tsm")
        var buffer: [UInt8] = []
        try file.readBlock(builder.entries[0][0], key: u8("cpu,host=a#!~#usage"), into: &buffer)  // others still read
        expectNativeError({ try file.readBlock(entry, key: u8("cpu,host=b#!~#count"), into: &buffer) }) { error in
            guard case .damagedBlock(let path, let key, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "s1.tar.gz:000000002-000000001.tsm")
            XCTAssertEqual(key, "cpu,host=b#!~#count")
            XCTAssertTrue(message.contains("CRC-32 mismatch"), message)
            XCTAssertTrue(message.contains("at byte \(entry.offset)"), message)
        }
    }

    func testFlippedCRCByteIsDamagedBlock() throws {
        var builder = sample()
        var bytes = builder.bytes()
        bytes[5] ^= 0x80  // the first CRC byte of the first block
        let file = try TSMFile(path: try write(bytes))
        var buffer = [UInt8](repeating: 0xAA, count: 4096)  // a reused, larger buffer
        expectNativeError({ try file.readBlock(builder.entries[0][0], key: u8("k"), into: &buffer) }) { error in
            guard case .damagedBlock(_, _, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("CRC-32 mismatch"), message)
        }
        XCTAssertEqual(try decode(file, builder.entries[0][1], u8("k"), &buffer).timestamps, [40, 50])
    }

    private func expectUnreadable(_ bytes: [UInt8], _ fragment: String, line: UInt = #line) throws {
        let path = try write(bytes, "bad-\(line).tsm")
        expectNativeError({ try TSMFile(path: path, label: "L") }, line: line) { error in
            guard case .tsmUnreadable(let p, let message) = error else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(p, "L", line: line)
            XCTAssertTrue(message.contains(fragment), message, line: line)
        }
    }

    func testBadHeaderAndFooter() throws {
        var builder = sample()
        let good = builder.bytes()
        var magic = good
        magic[0] = 0x17
        try expectUnreadable(magic, "no TSM magic number")
        var version = good
        version[4] = 2
        try expectUnreadable(version, "TSM version 2")
        let footerAt = good.count - 8
        try expectUnreadable(Array(good[..<footerAt]) + BE.u64(UInt64(footerAt + 1)), "index offset \(footerAt + 1) outside the file")
        try expectUnreadable(Array(good[..<footerAt]) + BE.u64(4), "index offset 4 outside the file")
        try expectUnreadable(Array(good[..<footerAt]) + BE.u64(.max), "outside the file")
        try expectUnreadable(Array(good.prefix(12)), "too short")
    }
}
