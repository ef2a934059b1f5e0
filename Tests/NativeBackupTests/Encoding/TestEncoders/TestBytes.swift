/// Byte helpers shared by the test encoders.
enum TestBytes {
    /// Go's `binary.PutUvarint`.
    static func uvarint(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    /// Go's `binary.BigEndian.PutUint64`.
    static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    /// Go's `ZigZagEncode` on a bit pattern.
    static func zigzag(_ value: UInt64) -> UInt64 {
        (value << 1) ^ UInt64(bitPattern: Int64(bitPattern: value) >> 63)
    }

    /// Parses "10 3F F0" style hex, for golden byte sequences written out in tests.
    static func hex(_ text: String) -> [UInt8] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16) ?? 0xEE }
    }
}

/// Builds a whole block the way Go's `packBlock` does: type byte, uvarint length of the timestamp
/// section, the timestamp section, the value section.
enum BlockAssembler {
    static func block(type: UInt8, timestamps: [UInt8], values: [UInt8]) -> [UInt8] {
        [type] + TestBytes.uvarint(UInt64(timestamps.count)) + timestamps + values
    }
}

/// Most-significant-bit-first bit writer, like go-bitstream's, padding the last byte with zeros.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var used = 8  // bits used in the last byte; 8 means "start a new byte"

    mutating func write(_ value: UInt64, bits: Int) {
        for i in stride(from: bits - 1, through: 0, by: -1) {
            writeBit((value >> UInt64(i)) & 1 == 1)
        }
    }

    mutating func writeBit(_ bit: Bool) {
        if used == 8 {
            bytes.append(0)
            used = 0
        }
        if bit { bytes[bytes.count - 1] |= 0x80 >> UInt8(used) }
        used += 1
    }
}
