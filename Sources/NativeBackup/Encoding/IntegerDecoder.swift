/// Decodes the value section of integer and unsigned blocks (Go `tsm1/int.go`, `batch_integer.go`).
///
/// Values are delta-encoded from 0 and each delta zigzagged (`(d << 1) ^ (d >> 63)`), so the first
/// stored value is zigzag(v0). The high nibble of the first byte picks the layout (the low nibble
/// is unused):
///
/// - `0x0_` uncompressed: every zigzag delta as an 8-byte big-endian word.
/// - `0x1_` simple8b: zigzag(v0) as an 8-byte big-endian word, then simple8b words of the rest.
/// - `0x2_` run length: zigzag(v0) as an 8-byte big-endian word, uvarint zigzag(delta), uvarint
///   repeat count; the block holds repeat + 1 values `v0 + i * delta`.
///
/// Unsigned blocks store `Int64(bitPattern:)` of each value with the very same encoding, so one
/// decoder producing bit patterns serves both; all arithmetic wraps like Go's.
enum IntegerDecoder {
    /// A validated value section: parsing checks every length, decoding then cannot fail.
    enum Layout {
        case empty
        case uncompressed(words: UnsafeRawBufferPointer)
        case packed(first: UInt64, words: UnsafeRawBufferPointer, count: Int)
        case runLength(first: UInt64, delta: UInt64, count: Int)

        /// How many values the section holds.
        var count: Int {
            switch self {
            case .empty: return 0
            case .uncompressed(let words): return words.count / 8
            case .packed(_, _, let count): return count
            case .runLength(_, _, let count): return count
            }
        }
    }

    /// Reads the header and checks every length; `section` names the block kind in errors.
    static func parse(_ bytes: UnsafeRawBufferPointer, _ section: String) throws(BlockDecodingError) -> Layout {
        guard let header = bytes.first else { return .empty }
        switch header >> 4 {
        case 0:
            return .uncompressed(words: try SectionHeader.uncompressed(bytes, section))
        case 1:
            let (first, words, count) = try SectionHeader.simple8b(bytes, section)
            return .packed(first: first, words: words, count: count)
        case 2:
            return try parseRunLength(bytes, section)
        default:
            throw BlockDecodingError(reason: "\(section): unknown encoding \(header >> 4)")
        }
    }

    private static func parseRunLength(
        _ bytes: UnsafeRawBufferPointer, _ section: String
    ) throws(BlockDecodingError) -> Layout {
        let (first, delta, repeats) = try SectionHeader.runLength(bytes, section)
        // Nothing else bounds the repeat count; refuse absurd runs before anyone allocates for them.
        guard repeats < UInt64(TSMBlock.maxRunCount) else {
            throw BlockDecodingError(reason: "\(section): run-length count \(repeats) + 1 exceeds \(TSMBlock.maxRunCount)")
        }
        return .runLength(first: first, delta: delta, count: Int(repeats) + 1)
    }

    /// Go's `ZigZagDecode`: maps 0, 1, 2, 3, ... back to 0, -1, 1, -2, ... (as bit patterns).
    @inline(__always)
    static func zigzag(_ value: UInt64) -> UInt64 {
        (value >> 1) ^ (0 &- (value & 1))
    }

    /// Decodes a parsed section as signed integers.
    static func decodeSigned(_ layout: Layout) -> [Int64] {
        let count = layout.count
        return [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress, count > 0 {
                // Same layout as UInt64: decode the bit patterns in place, no second array.
                base.withMemoryRebound(to: UInt64.self, capacity: count) { fill($0, layout) }
            }
            initialized = count
        }
    }

    /// Decodes a parsed section as unsigned integers (the bit patterns of the stored Int64s).
    static func decodeUnsigned(_ layout: Layout) -> [UInt64] {
        let count = layout.count
        return [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress, count > 0 { fill(base, layout) }
            initialized = count
        }
    }

    private static func fill(_ out: UnsafeMutablePointer<UInt64>, _ layout: Layout) {
        switch layout {
        case .empty:
            break
        case .uncompressed(let words):
            var sum: UInt64 = 0
            for i in 0..<(words.count / 8) {
                sum &+= zigzag(words.bigEndianWord(at: i * 8))
                out[i] = sum
            }
        case .packed(let first, let words, let count):
            Simple8b.decode(words, into: out + 1)
            var sum = zigzag(first)
            out[0] = sum
            for i in 1..<count {
                sum &+= zigzag(out[i])
                out[i] = sum
            }
        case .runLength(let first, let delta, let count):
            var value = zigzag(first)
            let step = zigzag(delta)
            for i in 0..<count {
                out[i] = value
                value &+= step
            }
        }
    }
}
