/// Simple8b word unpacking, as in InfluxDB's `pkg/encoding/simple8b` (and `jwilder/encoding`).
///
/// Each big-endian 64-bit word has a 4-bit selector in its top bits and up to 60 bits of payload.
/// Selectors 0 and 1 are runs of 240 and 120 ones (payload ignored); selectors 2...15 pack
/// n values of b bits each, value k in bits `k*b ..< (k+1)*b` counted from the least significant:
///
///     selector  2  3  4  5  6  7  8  9 10 11 12 13 14 15
///     values   60 30 20 15 12 10  8  7  6  5  4  3  2  1
///     bits      1  2  3  4  5  6  7  8 10 12 15 20 30 60
///
/// All 16 selectors are valid, so the only damage a word stream can show is a length that is not
/// a multiple of 8, or a value count that does not match the other section of the block.
enum Simple8b {
    /// The largest value a word can hold (one 60-bit value, selector 15).
    static let maxValue: UInt64 = (1 << 60) - 1

    /// How many values a word with this selector (0...15) carries.
    @inline(__always)
    static func valueCount(selector: UInt64) -> Int {
        switch selector {
        case 0: return 240
        case 1: return 120
        case 2: return 60
        case 3: return 30
        case 4: return 20
        case 5: return 15
        case 6: return 12
        case 7: return 10
        case 8: return 8
        case 9: return 7
        case 10: return 6
        case 11: return 5
        case 12: return 4
        case 13: return 3
        case 14: return 2
        default: return 1
        }
    }

    /// Counts the values in a run of words without decoding them, so callers can compare counts
    /// and size the output exactly before touching it.
    static func count(_ words: UnsafeRawBufferPointer, _ what: String) throws(BlockDecodingError) -> Int {
        guard words.count % 8 == 0 else {
            throw BlockDecodingError(reason: "\(what): simple8b data of \(words.count) bytes is not a multiple of 8")
        }
        var total = 0
        var offset = 0
        while offset < words.count {
            total += valueCount(selector: words.bigEndianWord(at: offset) >> 60)
            offset += 8
        }
        return total
    }

    /// Unpacks every word into `destination`, which must have room for `count(words)` values.
    static func decode(_ words: UnsafeRawBufferPointer, into destination: UnsafeMutablePointer<UInt64>) {
        var out = destination
        var offset = 0
        while offset + 8 <= words.count {
            let word = words.bigEndianWord(at: offset)
            offset += 8
            out += unpack(word, into: out)
        }
    }

    /// Unpacks one word and returns how many values it wrote.
    @inline(__always)
    static func unpack(_ word: UInt64, into out: UnsafeMutablePointer<UInt64>) -> Int {
        // Constant counts and widths per case let the compiler unroll each loop completely.
        switch word >> 60 {
        case 0: out.update(repeating: 1, count: 240); return 240
        case 1: out.update(repeating: 1, count: 120); return 120
        case 2: return fields(word, out, count: 60, bits: 1)
        case 3: return fields(word, out, count: 30, bits: 2)
        case 4: return fields(word, out, count: 20, bits: 3)
        case 5: return fields(word, out, count: 15, bits: 4)
        case 6: return fields(word, out, count: 12, bits: 5)
        case 7: return fields(word, out, count: 10, bits: 6)
        case 8: return fields(word, out, count: 8, bits: 7)
        case 9: return fields(word, out, count: 7, bits: 8)
        case 10: return fields(word, out, count: 6, bits: 10)
        case 11: return fields(word, out, count: 5, bits: 12)
        case 12: return fields(word, out, count: 4, bits: 15)
        case 13: return fields(word, out, count: 3, bits: 20)
        case 14: return fields(word, out, count: 2, bits: 30)
        default: out[0] = word & maxValue; return 1
        }
    }

    @inline(__always)
    private static func fields(_ word: UInt64, _ out: UnsafeMutablePointer<UInt64>, count: Int, bits: UInt64) -> Int {
        let mask: UInt64 = (1 << bits) - 1
        for k in 0..<count {
            out[k] = (word >> (UInt64(k) &* bits)) & mask
        }
        return count
    }
}
