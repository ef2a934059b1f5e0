import XCTest

@testable import NativeBackup

/// Damaged blocks must throw a `BlockDecodingError` with a clear reason, never crash or over-read
/// (debug builds trap on any out-of-bounds buffer access, so these double as bounds checks).
final class DamageTests: XCTestCase {
    private var rng = SeededRandom(seed: 0)
    private var seed: UInt64 = 0

    override func setUp() {
        seed = SeededRandom.runSeed()
        rng = SeededRandom(seed: seed)
    }

    /// A healthy block of each type, sized `count`.
    private func healthyBlocks(count: Int) -> [[UInt8]] {
        let (timestamps, _) = BlockGenerator.timestamps(count, &rng)
        let (ts, _) = BlockGenerator.timestampSection(timestamps, &rng)
        let ints = BlockGenerator.integers(count, &rng)
        let floats = BlockGenerator.floats(count, &rng, allowNaN: false)
        return [
            BlockAssembler.block(type: 0, timestamps: ts, values: FloatEncoder.encode(floats) ?? []),
            BlockAssembler.block(type: 1, timestamps: ts, values: BlockGenerator.integerSection(ints, &rng).0),
            BlockAssembler.block(type: 2, timestamps: ts, values: BooleanEncoder.encode(ints.map { $0 & 1 == 1 })),
            BlockAssembler.block(type: 3, timestamps: ts, values: StringEncoder.encode(BlockGenerator.strings(count, &rng))),
            BlockAssembler.block(type: 4, timestamps: ts, values: BlockGenerator.integerSection(ints, &rng).0),
        ]
    }

    private func assertFails(_ bytes: [UInt8], _ expected: String? = nil, _ context: String, line: UInt = #line) {
        guard let reason = BlockTestSupport.failure(bytes) else {
            return XCTFail("\(context): decoded although damaged (seed \(seed))", line: line)
        }
        XCTAssertFalse(reason.isEmpty, line: line)
        XCTAssertEqual(reason, reason.lowercased(), "reasons are lowercase", line: line)
        XCTAssertFalse(reason.contains("\n"), line: line)
        if let expected {
            XCTAssertTrue(reason.contains(expected), "\(context): got \"\(reason)\", wanted \"\(expected)\"", line: line)
        }
    }

    func testEveryTruncationThrows() {
        for count in [1, 2, 3, 241, 1000] {
            for block in healthyBlocks(count: count) {
                XCTAssertNil(BlockTestSupport.failure(block), "healthy block fails (seed \(seed))")
                for length in 0..<block.count {
                    assertFails(Array(block.prefix(length)), nil, "type \(block[0]) cut to \(length) of \(block.count)")
                }
            }
        }
    }

    func testTrailingByteThrows() {
        for count in [1, 2, 3, 241, 1000] {
            for block in healthyBlocks(count: count) {
                for extra: UInt8 in [0x00, 0x01, 0xFF] {
                    assertFails(block + [extra], nil, "type \(block[0]) with trailing \(extra)")
                }
            }
        }
    }

    func testBlockHeader() {
        assertFails([], "block: empty", "empty")
        for type in 5...255 { assertFails([UInt8(type), 0], "unknown block type \(type)", "type \(type)") }
        assertFails([0, 0x80], "block: timestamp section length: truncated uvarint", "open varint")
        assertFails([0] + Array(repeating: 0xFF, count: 11), "longer than 10 bytes", "long varint")
        assertFails([0] + Array(repeating: 0xFF, count: 9) + [0x02], "overflows 64 bits", "overflow varint")
        assertFails([1, 0x05, 0x10, 0, 0], "timestamp section: length 5 but 3 bytes left", "short section")
        XCTAssertThrowsError(try [UInt8]().withUnsafeBytes { raw throws(BlockDecodingError) in try TSMBlock.type(of: raw) })
        XCTAssertEqual(try [3, 9].withUnsafeBytes { raw throws(BlockDecodingError) in try TSMBlock.type(of: raw) }, .string)
    }

    func testCountMismatch() {
        var local = rng
        let ts3 = TimestampEncoder.encode([1, 2, 3], mode: .go, rng: &local) ?? []
        let cases: [(UInt8, [UInt8])] = [
            (0, FloatEncoder.encode([1, 2]) ?? []), (0, FloatEncoder.encode([1, 2, 3, 4]) ?? []),
            (1, IntegerEncoder.encode([1, 2], mode: .go, rng: &local) ?? []),
            (1, IntegerEncoder.encode([5, 5, 5, 5], mode: .runLength, rng: &local) ?? []),
            (4, IntegerEncoder.encode([1, 9, 2, 7], mode: .uncompressed, rng: &local) ?? []),
            (2, BooleanEncoder.encode([true, false])), (2, BooleanEncoder.encode([true, true, true, true])),
            (3, StringEncoder.encode([[1], [2]])), (3, StringEncoder.encode([[1], [2], [], []])),
            (0, []), (1, []), (2, []), (3, []),
        ]
        for (type, values) in cases {
            assertFails(BlockAssembler.block(type: type, timestamps: ts3, values: values), "count mismatch: 3 timestamps", "type \(type)")
        }
        // Values without timestamps, and the reverse.
        assertFails(BlockAssembler.block(type: 0, timestamps: [], values: FloatEncoder.encode([1]) ?? []), "count mismatch: 0", "no ts")
        assertFails(BlockAssembler.block(type: 3, timestamps: [], values: StringEncoder.encode([[]])), "count mismatch: 0", "no ts")
    }

    func testEmptyBlockDecodesToNothing() throws {
        // Go never writes one, but an empty block (no timestamps, no values) is consistent, not damaged;
        // the float marker alone and Go's one-zero-byte boolean layout are both zero values.
        let cases: [(UInt8, [UInt8])] = [
            (0, []), (1, []), (2, []), (3, []), (4, []),
            (0, FloatEncoder.encode([]) ?? []), (2, BooleanEncoder.encode([])), (3, StringEncoder.encode([])),
        ]
        for (type, values) in cases {
            let block = try BlockTestSupport.decode(BlockAssembler.block(type: type, timestamps: [], values: values))
            XCTAssertEqual(block.timestamps, [])
            XCTAssertEqual(block.values.count, 0)
            XCTAssertEqual(block.values.type.rawValue, type)
        }
    }
}
