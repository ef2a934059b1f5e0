/// Decodes the value section of float blocks: Facebook Gorilla XOR compression as in Go
/// `tsm1/float.go` and `batch_float.go` (originally dgryski/go-tsz).
///
/// Layout: header byte `0x10` (Gorilla, the only encoding Go ever wrote), the first value's 64 bits
/// big-endian, then a most-significant-bit-first stream, one entry per further value:
///
/// - `0`: same bits as the previous value;
/// - `10`: XOR with the previous value, reusing the previous leading/trailing-zero window, followed by
///   the window's meaningful bits;
/// - `11`: 5 bits of leading zeros, 6 bits of meaningful-bit count (0 meaning 64), then those bits.
///
/// The stream ends with an entry that yields Go's `math.NaN()` bits `0x7FF8000000000001`, padded with
/// zero bits to a whole byte. That end marker is why Go refuses to store any NaN value at all.
enum FloatDecoder {
    static let section = "floats"
    /// Go's `math.NaN()`, appended as the end marker (Swift's `Double.nan` is ...0000, not this).
    static let endMarker: UInt64 = 0x7FF8_0000_0000_0001

    /// Decodes the section, which must hold exactly `expected` values (the timestamp count).
    ///
    /// Never allocates for more than `expected`; a stream that keeps going past it throws at once.
    static func decode(_ bytes: UnsafeRawBufferPointer, expected: Int) throws(BlockDecodingError) -> [Double] {
        guard let header = bytes.first else {
            guard expected == 0 else { throw .countMismatch(timestamps: expected, values: 0) }
            return []
        }
        guard header >> 4 == 1 else {
            throw BlockDecodingError(reason: "\(section): unknown encoding \(header >> 4)")
        }
        guard bytes.count >= 9 else { throw .truncated(section, "first value (\(bytes.count) of 9 bytes)") }
        let first = bytes.bigEndianWord(at: 1)
        let stream = UnsafeRawBufferPointer(rebasing: bytes[9...])
        if first == endMarker {
            // What Go's encoder writes for zero values: the marker alone, nothing after it.
            guard stream.isEmpty else {
                throw BlockDecodingError(reason: "\(section): \(stream.count) trailing bytes after the end marker")
            }
            guard expected == 0 else { throw .countMismatch(timestamps: expected, values: 0) }
            return []
        }
        guard expected > 0 else { throw .tooManyValues(timestamps: 0, kind: "float") }
        return try [Double].building(capacity: expected) { out throws(BlockDecodingError) in
            out[0] = Double(bitPattern: first)
            let count = try decodeStream(stream, first: first, into: out)
            guard count == expected else { throw .countMismatch(timestamps: expected, values: count) }
            return count
        }
    }

    /// Decodes the XOR stream after the first value into `out[1...]` and returns the total count.
    private static func decodeStream(
        _ stream: UnsafeRawBufferPointer, first: UInt64, into out: UnsafeMutableBufferPointer<Double>
    ) throws(BlockDecodingError) -> Int {
        var reader = BitReader(stream)
        var value = first
        var count = 1
        // Go starts with leading = trailing = 0, so a `10` entry before any `11` takes all 64 bits.
        var meaningful = 64
        var trailing: UInt64 = 0
        while true {
            guard reader.ensure(1) else { throw endMissing(count) }
            if reader.readBit() {
                guard reader.ensure(1) else { throw endMissing(count) }
                if reader.readBit() {
                    guard reader.ensure(11) else { throw endMissing(count) }
                    let window = reader.read(11)
                    let leading = Int(window >> 6)
                    meaningful = window & 0x3f == 0 ? 64 : Int(window & 0x3f)
                    guard leading + meaningful <= 64 else {
                        throw BlockDecodingError(
                            reason: "\(section): \(leading) leading zeros + \(meaningful) meaningful bits exceed 64")
                    }
                    trailing = UInt64(64 - leading - meaningful)
                }
                guard let bits = readMeaningful(&reader, meaningful) else { throw endMissing(count) }
                value ^= bits << trailing
                if value == endMarker { break }
            }
            guard count < out.count else { throw .tooManyValues(timestamps: out.count, kind: "float") }
            out[count] = Double(bitPattern: value)
            count += 1
        }
        guard reader.bytesConsumed == stream.count else {
            throw BlockDecodingError(
                reason: "\(section): \(stream.count - reader.bytesConsumed) trailing bytes after the end marker")
        }
        return count
    }

    /// The `meaningful` (1...64) bits of one XOR entry, or nil if the stream ends first.
    @inline(__always)
    private static func readMeaningful(_ reader: inout BitReader, _ meaningful: Int) -> UInt64? {
        if meaningful <= 56 {
            guard reader.ensure(meaningful) else { return nil }
            return reader.read(meaningful)
        }
        // The reader serves at most 56 bits at a time; take wide windows in two halves.
        guard reader.ensure(32) else { return nil }
        let high = reader.read(32)
        let lowCount = meaningful - 32
        guard reader.ensure(lowCount) else { return nil }
        return high << UInt64(lowCount) | reader.read(lowCount)
    }

    private static func endMissing(_ count: Int) -> BlockDecodingError {
        .truncated(section, "stream: no end marker after \(count) values")
    }
}
