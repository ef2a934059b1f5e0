import XCTest

@testable import NativeBackup

/// Hand-derived byte sequences, following the Go source step by step (derivations in comments),
/// so a mistake shared by the test encoders and the decoders cannot hide.
final class GoldenBlockTests: XCTestCase {
    private func check(_ hex: String, _ timestamps: [Int64], _ values: BlockValues, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let block = try BlockTestSupport.decode(TestBytes.hex(hex))
            XCTAssertEqual(block.timestamps, timestamps, file: file, line: line)
            XCTAssertTrue(BlockTestSupport.sameBits(block.values, values), "\(block.values)", file: file, line: line)
        } catch {
            XCTFail("golden block failed: \(error.reason)", file: file, line: line)
        }
    }

    /// One float 1.0 at t = 1 s.
    func testSingleFloat() {
        // Timestamps: one value, so Go's reduce() loop never runs and the divisor stays 1e12:
        //   header (1 << 4) | 12 = 1C, first timestamp 1_000_000_000 = 0x3B9ACA00 big-endian, no words.
        // Floats: 10, then 1.0 = 3FF0000000000000 raw, then the end marker 7FF8000000000001:
        //   xor 4008000000000001 -> "1", no window yet -> "1", leading 1 = "00001", 63 meaningful = "111111",
        //   then the low 63 bits "100000000001000" + 47 zeros + "1"; 76 bits + 4 zero pad =
        //   C3 FC 00 80 00 00 00 00 00 10.
        // Block: type 00, uvarint 9 = 09.
        check(
            "00 09 1C 00 00 00 00 3B 9A CA 00  10 3F F0 00 00 00 00 00 00 C3 FC 00 80 00 00 00 00 00 10",
            [1_000_000_000], .float([1.0]))
    }

    /// Floats 1.0, 1.0, 2.0: a repeat, a new window, and a marker that cannot reuse the window.
    func testFloatRepeatAndWindows() {
        // Timestamps 10, 20, 30: deltas 10, 10 -> run length, divisor 10 (1e12 ... 1e2 do not divide 10):
        //   header 21, first 10 = 00..0A, delta 10/10 = 01, count 3 = 03.
        // Floats after 3FF0000000000000:
        //   1.0 again: "0".
        //   2.0: xor 7FF0000000000000, leading 1, trailing 52, 11 meaningful:
        //     "11" "00001" "001011" "11111111111".
        //   marker: 4000000000000000 xor 7FF8000000000001 = 3FF8000000000001, leading 2, trailing 0;
        //     trailing 0 < 52 so a new window: "11" "00010" "111110" + 62 bits "11111111111000" 47x"0" "1".
        //   100 bits + 4 pad: 61 2F FF E2 FB FF 80 00 00 00 00 00 10.
        check(
            "00 0B 21 00 00 00 00 00 00 00 0A 01 03  10 3F F0 00 00 00 00 00 00 61 2F FF E2 FB FF 80 00 00 00 00 00 10",
            [10, 20, 30], .float([1.0, 1.0, 2.0]))
    }

    /// Integers 10, 20, 30 at 0 s, 10 s, 20 s: both sections run-length.
    func testIntegerRunLength() {
        // Timestamps: deltas 1e10, 1e10 -> divisor 1e10 (nibble 0xA): 2A, first 0, delta 1, count 3 (all values).
        // Integers: zigzag deltas 20, 20, 20 (10 - 0 = 10 -> 20); 3+ values, equal after the first -> RLE:
        //   20, zigzag(v0) = 20 as 00..14, uvarint zigzag(delta) 14, uvarint repeats 3 - 1 = 02.
        check(
            "01 0B 2A 00 00 00 00 00 00 00 00 01 03  20 00 00 00 00 00 00 00 14 14 02",
            [0, 10_000_000_000, 20_000_000_000], .integer([10, 20, 30]))
    }

    /// Integers 1, -1, 2 at 1, 2, 4 ns: both sections simple8b.
    func testIntegerSimple8b() {
        // Timestamps: deltas 1, 2 (unequal, divisor 1): 10, first 1, one word selector 14 (2 x 30 bits):
        //   E000000000000000 | 1 | 2 << 30 = E0 00 00 00 80 00 00 01. Section 17 bytes = uvarint 11.
        // Integers: deltas 1, -2, 3 -> zigzag 2, 3, 6: 10, first 00..02, then [3, 6] in selector 14:
        //   E000000000000000 | 3 | 6 << 30 = E0 00 00 01 80 00 00 03.
        check(
            "01 11 10 00 00 00 00 00 00 00 01 E0 00 00 00 80 00 00 01  10 00 00 00 00 00 00 00 02 E0 00 00 01 80 00 00 03",
            [1, 2, 4], .integer([1, -1, 2]))
    }

    /// Integers 0, Int64.max, Int64.max at 0, 1, 2^61 + 1: both sections uncompressed.
    func testIntegerUncompressed() {
        // Timestamps: deltas 1, 2^61 (unequal; 2^61 > 2^60 - 1) -> uncompressed 00 then first and deltas:
        //   00..00, 00..01, 20 00 00 00 00 00 00 00. 25 bytes = uvarint 19.
        // Integers: zigzag deltas 0, FFFFFFFFFFFFFFFE, 0: not a run, one exceeds 60 bits -> 00 then the words.
        check(
            """
            01 19 00 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 01  20 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00  FF FF FF FF FF FF FF FE  00 00 00 00 00 00 00 00
            """,
            [0, 1, (1 << 61) + 1], .integer([0, .max, .max]))
    }

    /// Unsigned 1, UInt64.max, 0: stored as the Int64 bit patterns 1, -1, 0.
    func testUnsigned() {
        // Timestamps 1, 2, 4 as in testIntegerSimple8b.
        // Values: deltas 1, -2, 1 -> zigzag 2, 3, 2 -> 10, 00..02, selector 14 word E0 00 00 00 80 00 00 03.
        check(
            "04 11 10 00 00 00 00 00 00 00 01 E0 00 00 00 80 00 00 01  10 00 00 00 00 00 00 00 02 E0 00 00 00 80 00 00 03",
            [1, 2, 4], .unsigned([1, .max, 0]))
    }

    /// 242 booleans starting T F T T F F F F T, at timestamps whose deltas need selectors 0 and 15.
    func testBooleanAndRunOfOnes() {
        // Timestamps 0...240 step 1, then 242: deltas 240 x 1 then one 2; not a run, divisor 1 -> 10, first 0,
        //   word 00..00 (selector 0: 240 ones), word F0 00 00 00 00 00 00 02 (selector 15: one 60-bit value).
        //   25 bytes = uvarint 19.
        // Booleans: 10, uvarint 242 = F2 01, 31 bytes MSB first: T F T T F F F F = B0, T + 7 x F = 80, 29 x 00.
        let timestamps = Array(Int64(0)...240) + [242]
        let bools = [true, false, true, true, false, false, false, false, true] + Array(repeating: false, count: 233)
        check(
            "02 19 10 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  F0 00 00 00 00 00 00 02  10 F2 01 B0 80"
                + String(repeating: " 00", count: 29),
            timestamps, .boolean(bools))
    }

    /// Strings "a", "", "bc" at 5, 6, 7.
    func testStrings() {
        // Timestamps: deltas 1, 1 -> run length, divisor 1: 20, first 5, delta 01, count 03.
        // Strings: plain bytes 01 61 | 00 | 02 62 63 (6 bytes); snappy: uvarint length 06, one literal
        //   tag (6 - 1) << 2 = 14, the 6 bytes. Section 10 06 14 01 61 00 02 62 63.
        check(
            "03 0B 20 00 00 00 00 00 00 00 05 01 03  10 06 14 01 61 00 02 62 63",
            [5, 6, 7], .string(StringValues([[0x61], [], [0x62, 0x63]])))
    }

    /// The test encoders agree with the golden sequences they can produce.
    func testEncodersMatchGoldens() {
        var rng = SeededRandom(seed: 1)
        XCTAssertEqual(
            TimestampEncoder.encode([1_000_000_000], mode: .go, rng: &rng), TestBytes.hex("1C 00 00 00 00 3B 9A CA 00"))
        XCTAssertEqual(
            FloatEncoder.encode([1.0, 1.0, 2.0]),
            TestBytes.hex("10 3F F0 00 00 00 00 00 00 61 2F FF E2 FB FF 80 00 00 00 00 00 10"))
        XCTAssertEqual(
            IntegerEncoder.encode([1, UInt64(bitPattern: -1), 2], mode: .go, rng: &rng),
            TestBytes.hex("10 00 00 00 00 00 00 00 02 E0 00 00 01 80 00 00 03"))
        XCTAssertEqual(StringEncoder.encode([[0x61], [], [0x62, 0x63]]), TestBytes.hex("10 06 14 01 61 00 02 62 63"))
        XCTAssertEqual(BooleanEncoder.encode([true, false, true]), TestBytes.hex("10 03 A0"))
    }
}
