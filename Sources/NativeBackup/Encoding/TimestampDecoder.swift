/// Decodes the timestamp section of a TSM block (Go `tsm1/timestamp.go`, `batch_timestamp.go`).
///
/// The first byte's high nibble picks the encoding, its low nibble is log10 of a divisor that the
/// encoder divided every delta by (the largest power of ten up to 10^12 dividing all of them):
///
/// - `0x0_` uncompressed: 8-byte big-endian words, the first timestamp then the deltas
///   (the low nibble is unused; the Go encoder reuses its delta array, so these are deltas too).
/// - `0x1_` simple8b: 8-byte big-endian first timestamp, then simple8b words of delta / divisor.
/// - `0x2_` run length: 8-byte big-endian first timestamp, uvarint delta / divisor, uvarint count
///   (the count of all timestamps, unlike integer RLE which stores the count minus one).
///
/// All arithmetic wraps like Go's uint64, so unsorted timestamps (huge "negative" deltas) round-trip.
enum TimestampDecoder {
    /// A validated timestamp section: parsing checks every length, decoding then cannot fail.
    enum Layout {
        case empty
        case uncompressed(words: UnsafeRawBufferPointer)
        case packed(first: UInt64, scale: UInt64, words: UnsafeRawBufferPointer, count: Int)
        case runLength(first: UInt64, delta: UInt64, count: Int)

        /// How many timestamps the section holds.
        var count: Int {
            switch self {
            case .empty: return 0
            case .uncompressed(let words): return words.count / 8
            case .packed(_, _, _, let count): return count
            case .runLength(_, _, let count): return count
            }
        }
    }

    static let section = "timestamps"

    /// Reads the header and checks every length, without decoding the values.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(BlockDecodingError) -> Layout {
        guard let header = bytes.first else { return .empty }
        switch header >> 4 {
        case 0:
            return .uncompressed(words: try SectionHeader.uncompressed(bytes, section))
        case 1:
            let (first, words, count) = try SectionHeader.simple8b(bytes, section)
            return .packed(first: first, scale: powerOfTen(header & 0xf), words: words, count: count)
        case 2:
            return try parseRunLength(bytes)
        default:
            throw BlockDecodingError(reason: "\(section): unknown encoding \(header >> 4)")
        }
    }

    private static func parseRunLength(_ bytes: UnsafeRawBufferPointer) throws(BlockDecodingError) -> Layout {
        let (first, scaledDelta, count) = try SectionHeader.runLength(bytes, section)
        // The count is the one size nothing else in the section bounds; refuse absurd runs before allocating.
        guard count <= UInt64(TSMBlock.maxRunCount) else {
            throw BlockDecodingError(reason: "\(section): run-length count \(count) exceeds \(TSMBlock.maxRunCount)")
        }
        let delta = scaledDelta &* powerOfTen(bytes[0] & 0xf)
        return .runLength(first: first, delta: delta, count: Int(count))
    }

    /// 10^exponent for a 4-bit exponent. Go's encoder writes at most 12, but its decoder accepts
    /// all 16 (`math.Pow10`), and so does this one; 10^15 still fits in 64 bits.
    @inline(__always)
    static func powerOfTen(_ exponent: UInt8) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result &*= 10 }
        return result
    }

    /// Decodes a parsed section into exactly `layout.count` timestamps.
    static func decode(_ layout: Layout) -> [Int64] {
        let count = layout.count
        return [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress, count > 0 {
                // Int64 and UInt64 share a layout; decoding in UInt64 gives Go's wrapping semantics.
                base.withMemoryRebound(to: UInt64.self, capacity: count) { fill($0, layout) }
            }
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
                sum &+= words.bigEndianWord(at: i * 8)
                out[i] = sum
            }
        case .packed(let first, let scale, let words, let count):
            out[0] = first
            Simple8b.decode(words, into: out + 1)
            var last = first
            for i in 1..<count {
                last &+= out[i] &* scale
                out[i] = last
            }
        case .runLength(let first, let delta, let count):
            var value = first
            for i in 0..<count {
                out[i] = value
                value &+= delta
            }
        }
    }
}
