import XCTest

@testable import NativeBackup

/// Damage inside one section: unknown encodings, impossible lengths, bad snappy, random corruption.
final class DamageEncodingTests: XCTestCase {
    private let ts1 = TestBytes.hex("1C 00 00 00 00 00 00 00 07")  // one timestamp, 7

    private func assertFails(_ bytes: [UInt8], _ expected: String, line: UInt = #line) {
        guard let reason = BlockTestSupport.failure(bytes) else { return XCTFail("decoded although damaged", line: line) }
        XCTAssertTrue(reason.contains(expected), "got \"\(reason)\", wanted \"\(expected)\"", line: line)
    }

    func testUnknownEncodingNibbles() {
        let values = TestBytes.hex("10 00 00 00 00 00 00 00 02")
        for nibble: UInt8 in 3...15 {
            assertFails(
                BlockAssembler.block(type: 1, timestamps: [nibble << 4] + Array(repeating: 0, count: 8), values: values),
                "timestamps: unknown encoding \(nibble)")
            assertFails(
                BlockAssembler.block(type: 1, timestamps: ts1, values: [nibble << 4] + Array(repeating: 0, count: 8)),
                "integers: unknown encoding \(nibble)")
            assertFails(
                BlockAssembler.block(type: 4, timestamps: ts1, values: [nibble << 4] + Array(repeating: 0, count: 8)),
                "unsigned: unknown encoding \(nibble)")
        }
        for nibble: UInt8 in [0, 2, 15] {
            let float = (FloatEncoder.encode([1]) ?? []).enumerated().map { $0 == 0 ? nibble << 4 : $1 }
            assertFails(BlockAssembler.block(type: 0, timestamps: ts1, values: float), "floats: unknown encoding \(nibble)")
            assertFails(
                BlockAssembler.block(type: 2, timestamps: ts1, values: [nibble << 4, 1, 0x80]), "booleans: unknown encoding \(nibble)")
            assertFails(
                BlockAssembler.block(type: 3, timestamps: ts1, values: [nibble << 4, 1, 0, 0]), "strings: unknown encoding \(nibble)")
        }
    }

    func testSectionSpecificDamage() {
        // Uncompressed timestamps must be whole words.
        assertFails(BlockAssembler.block(type: 2, timestamps: [0x00, 1, 2, 3], values: [0x10, 1, 0x80]), "not 1 + a multiple of 8")
        // Simple8b words must be whole.
        assertFails(BlockAssembler.block(type: 2, timestamps: ts1 + [0xF0, 0], values: [0x10, 1, 0x80]), "simple8b data of 2 bytes")
        // Run-length counts nothing else bounds.
        let hugeRun = [0x20] + Array(repeating: 0, count: 8) + [1] + TestBytes.uvarint(1 << 40)
        assertFails(BlockAssembler.block(type: 2, timestamps: hugeRun, values: [0x10, 1, 0x80]), "run-length count 1099511627776 exceeds")
        let intRun = [0x20] + Array(repeating: 0, count: 8) + [2] + TestBytes.uvarint(UInt64.max)
        assertFails(BlockAssembler.block(type: 1, timestamps: ts1, values: intRun), "integers: run-length count")
        // Booleans: more values than bits.
        assertFails(BlockAssembler.block(type: 2, timestamps: ts1, values: [0x10, 9, 0xFF]), "booleans: truncated bits")
        // Floats: a window wider than 64 bits ("11", leading 31, meaningful 40).
        var writer = BitWriter()
        writer.write(0b11, bits: 2)
        writer.write(31, bits: 5)
        writer.write(40, bits: 6)
        writer.write(0, bits: 40)
        let wide = [0x10] + TestBytes.bigEndian(1.0.bitPattern) + writer.bytes
        assertFails(BlockAssembler.block(type: 0, timestamps: ts1, values: wide), "31 leading zeros + 40 meaningful bits exceed 64")
        // Floats: no end marker.
        assertFails(
            BlockAssembler.block(type: 0, timestamps: ts1, values: [0x10] + TestBytes.bigEndian(1.0.bitPattern)),
            "floats: truncated stream: no end marker after 1 values")
    }

    func testBadSnappy() {
        let good = StringEncoder.encode([Array("hello".utf8), Array("world".utf8)])
        let ts2 = TestBytes.hex("20 00 00 00 00 00 00 00 01 01 02")
        XCTAssertNil(BlockTestSupport.failure(BlockAssembler.block(type: 3, timestamps: ts2, values: good)))
        assertFails(BlockAssembler.block(type: 3, timestamps: ts2, values: [0x10]), "strings: snappy length header is damaged")
        assertFails(BlockAssembler.block(type: 3, timestamps: ts2, values: [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), "snappy claims")
        var lying = good
        lying[1] += 1  // claims one byte more than the stream produces
        assertFails(BlockAssembler.block(type: 3, timestamps: ts2, values: lying), "strings: snappy data is damaged")
        var badCopy = good
        badCopy[2] = 0x02  // a copy tag with no history to copy from
        assertFails(BlockAssembler.block(type: 3, timestamps: ts2, values: badCopy), "strings: snappy data is damaged")
        // Valid snappy, damaged content: a length running past the end.
        let overlong = [0x10] + StringEncoder.snappy([0x05, 0x61])
        assertFails(
            BlockAssembler.block(type: 3, timestamps: ts1, values: overlong), "strings: truncated value 0: length 5 but 1 bytes left")
    }

    /// Random byte damage: either a clean error or a self-consistent block, never a crash.
    func testRandomCorruptionNeverCrashes() {
        let seed = SeededRandom.runSeed()
        var rng = SeededRandom(seed: seed)
        var failures = 0
        for _ in 0..<3000 {
            let count = BlockGenerator.count(&rng)
            let (timestamps, _) = BlockGenerator.timestamps(count, &rng)
            let (ts, _) = BlockGenerator.timestampSection(timestamps, &rng)
            let type = UInt8.random(in: 0...4, using: &rng)
            let values: [UInt8]
            switch type {
            case 0: values = FloatEncoder.encode(BlockGenerator.floats(count, &rng, allowNaN: true), allowNaN: true) ?? []
            case 2: values = BooleanEncoder.encode((0..<count).map { _ in Bool.random(using: &rng) })
            case 3: values = StringEncoder.encode(BlockGenerator.strings(count, &rng))
            default: values = BlockGenerator.integerSection(BlockGenerator.integers(count, &rng), &rng).0
            }
            var block = BlockAssembler.block(type: type, timestamps: ts, values: values)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let index = Int.random(in: 0..<block.count, using: &rng)
                block[index] =
                    Bool.random(using: &rng)
                    ? UInt8.random(in: 0...255, using: &rng) : block[index] ^ (1 << UInt8.random(in: 0...7, using: &rng))
            }
            do {
                let decoded = try BlockTestSupport.decode(block)
                XCTAssertEqual(decoded.timestamps.count, decoded.values.count, "seed \(seed)")
            } catch {
                failures += 1
                XCTAssertFalse(error.reason.isEmpty)
            }
        }
        XCTAssertGreaterThan(failures, 0, "seed \(seed): corruption never detected")
    }
}
