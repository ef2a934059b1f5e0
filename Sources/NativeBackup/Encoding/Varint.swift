/// Go's `encoding/binary` unsigned varints, the only varint kind TSM blocks use (the timestamp
/// section length, RLE deltas and counts, boolean counts, string lengths).
///
/// Signed values are never stored as Go `Varint`; integer blocks zigzag explicitly instead.
enum Varint {
    /// Go's `binary.MaxVarintLen64`: a 64-bit value never needs more than 10 bytes.
    static let maxLength = 10

    /// Reads one uvarint at `offset` and advances `offset` past it.
    ///
    /// Mirrors `binary.Uvarint` exactly, including what it accepts: non-minimal encodings
    /// (e.g. `80 00`) are fine, but an 11th byte or a 10th byte above 1 overflows 64 bits.
    /// `what` names the field in errors; an autoclosure, so per-value calls build no string.
    @inline(__always)
    static func read(
        _ buffer: UnsafeRawBufferPointer, at offset: inout Int, _ what: @autoclosure () -> String
    ) throws(BlockDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while index < buffer.count {
            let byte = buffer[index]
            let position = index - offset
            if position == maxLength {
                throw BlockDecodingError(reason: "\(what()): uvarint longer than \(maxLength) bytes")
            }
            if byte < 0x80 {
                if position == maxLength - 1 && byte > 1 {
                    throw BlockDecodingError(reason: "\(what()): uvarint overflows 64 bits")
                }
                offset = index + 1
                return value | UInt64(byte) << shift
            }
            value |= UInt64(byte & 0x7f) << shift
            shift += 7
            index += 1
        }
        throw BlockDecodingError.truncated(what(), "uvarint")
    }
}

extension UnsafeRawBufferPointer {
    /// The big-endian 64-bit word at `offset`; every fixed-width TSM field is big-endian.
    /// Callers check `offset + 8 <= count` first (the load itself is unchecked in release builds).
    @inline(__always)
    func bigEndianWord(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
