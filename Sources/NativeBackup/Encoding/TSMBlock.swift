/// Decoding of single TSM data blocks (InfluxDB 1.x `tsdb/engine/tsm1/encoding.go`).
///
/// A block on disk is a 4-byte CRC-32 (checked by the caller) followed by:
/// the type byte (`TSMBlockType`), a uvarint length of the timestamp section, the timestamp
/// section, and the value section (the rest of the block, its length not stored).
public enum TSMBlock {
    /// The largest run-length count accepted. InfluxDB writes at most 1000 points per block
    /// (`tsdb.DefaultMaxPointsPerBlock`); a run-length count is the only size nothing else in the
    /// block bounds, so a damaged one must not be allowed to ask for gigabytes.
    static let maxRunCount = 1 << 22

    /// The block's type byte without decoding it.
    public static func type(of block: UnsafeRawBufferPointer) throws(BlockDecodingError) -> TSMBlockType {
        guard let byte = block.first else { throw BlockDecodingError(reason: "block: empty") }
        guard let type = TSMBlockType(rawValue: byte) else {
            throw BlockDecodingError(reason: "block: unknown block type \(byte)")
        }
        return type
    }

    /// Decodes one block: `block` is the block's data WITHOUT the 4-byte CRC that precedes it in the file
    /// (type byte, uvarint length of the timestamp section, timestamps, values).
    /// Throws when the timestamp and value counts differ, on any truncated/overlong input, unknown encodings, bad snappy.
    public static func decode(_ block: UnsafeRawBufferPointer) throws(BlockDecodingError) -> DecodedBlock {
        let type = try type(of: block)
        var offset = 1
        let timestampLength = try Varint.read(block, at: &offset, "block: timestamp section length")
        guard timestampLength <= UInt64(block.count - offset) else {
            throw .truncated(
                "block", "timestamp section: length \(timestampLength) but \(block.count - offset) bytes left")
        }
        let timestampEnd = offset + Int(timestampLength)
        let timestampBytes = UnsafeRawBufferPointer(rebasing: block[offset..<timestampEnd])
        let valueBytes = UnsafeRawBufferPointer(rebasing: block[timestampEnd...])

        // Counting the timestamps first bounds every value decoder's allocation by a size the
        // input vouches for; the timestamps themselves are decoded only once the values agree.
        let timestamps = try TimestampDecoder.parse(timestampBytes)
        let values = try decodeValues(type, valueBytes, expected: timestamps.count)
        return DecodedBlock(timestamps: TimestampDecoder.decode(timestamps), values: values)
    }

    private static func decodeValues(
        _ type: TSMBlockType, _ bytes: UnsafeRawBufferPointer, expected: Int
    ) throws(BlockDecodingError) -> BlockValues {
        switch type {
        case .float:
            return .float(try FloatDecoder.decode(bytes, expected: expected))
        case .integer:
            let layout = try IntegerDecoder.parse(bytes, "integers")
            try checkCount(expected, layout.count)
            return .integer(IntegerDecoder.decodeSigned(layout))
        case .unsigned:
            let layout = try IntegerDecoder.parse(bytes, "unsigned")
            try checkCount(expected, layout.count)
            return .unsigned(IntegerDecoder.decodeUnsigned(layout))
        case .boolean:
            let layout = try BooleanDecoder.parse(bytes)
            try checkCount(expected, layout.count)
            return .boolean(BooleanDecoder.decode(layout))
        case .string:
            return .string(try StringDecoder.decode(bytes, expected: expected))
        }
    }

    @inline(__always)
    private static func checkCount(_ timestamps: Int, _ values: Int) throws(BlockDecodingError) {
        guard timestamps == values else { throw .countMismatch(timestamps: timestamps, values: values) }
    }
}
