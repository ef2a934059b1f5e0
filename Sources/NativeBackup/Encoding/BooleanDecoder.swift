/// Decodes the value section of boolean blocks (Go `tsm1/bool.go`, `batch_boolean.go`).
///
/// Layout: header byte `0x10` (bit-packed; the only encoding Go ever wrote), uvarint count, then
/// the values one bit each, most significant bit first, the last byte padded with zero bits.
enum BooleanDecoder {
    static let section = "booleans"

    /// A validated section: how many values and where their bits start.
    struct Layout {
        var count: Int
        var bits: UnsafeRawBufferPointer
    }

    /// Checks the header, the count and that exactly the bytes the count needs follow.
    ///
    /// Go clamps a count larger than the data to what the data holds; a clamp hides damage, so here
    /// it is an error. Go's encoder writes one zero byte for zero values, which is accepted.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(BlockDecodingError) -> Layout {
        guard let header = bytes.first else { return Layout(count: 0, bits: UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard header >> 4 == 1 else {
            throw BlockDecodingError(reason: "\(section): unknown encoding \(header >> 4)")
        }
        var offset = 1
        let count = try Varint.read(bytes, at: &offset, "\(section): count")
        let bits = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        guard count <= UInt64(bits.count) * 8 else {
            throw .truncated(section, "bits: count \(count) needs more than the \(bits.count) bytes present")
        }
        let needed = (Int(count) + 7) / 8
        guard bits.count == needed || (count == 0 && bits.count == 1) else {
            throw BlockDecodingError(reason: "\(section): \(bits.count - needed) trailing bytes after \(count) values")
        }
        return Layout(count: Int(count), bits: bits)
    }

    /// Unpacks a parsed section.
    static func decode(_ layout: Layout) -> [Bool] {
        let count = layout.count
        let bits = layout.bits
        return [Bool](unsafeUninitializedCapacity: count) { out, initialized in
            let whole = count / 8
            // Eight values per byte without per-bit bounds logic; the tail byte is handled below.
            for byteIndex in 0..<whole {
                let byte = bits[byteIndex]
                let base = byteIndex * 8
                for bit in 0..<8 {
                    out[base + bit] = byte & (0x80 >> UInt8(bit)) != 0
                }
            }
            if whole * 8 < count {
                let byte = bits[whole]
                for bit in 0..<(count - whole * 8) {
                    out[whole * 8 + bit] = byte & (0x80 >> UInt8(bit)) != 0
                }
            }
            initialized = count
        }
    }
}
