internal import CSnappy

/// Decodes the value section of string blocks (Go `tsm1/string.go`, `batch_string.go`).
///
/// Layout: header byte `0x10` (snappy, the only encoding Go ever wrote), then one raw snappy block
/// (not the framed format) whose uncompressed bytes are, per value, a uvarint length and the bytes.
/// Values are arbitrary bytes: empty strings, NULs and invalid UTF-8 all occur and are kept.
enum StringDecoder {
    static let section = "strings"

    /// Snappy's densest element is a 3-byte copy of 64 bytes, so no valid block expands more than
    /// 64/3 times; a larger claimed length is damage, refused before allocating for it.
    static let maxExpansion = 22

    /// Decodes the section, which must hold exactly `expected` values (the timestamp count).
    static func decode(_ bytes: UnsafeRawBufferPointer, expected: Int) throws(BlockDecodingError) -> StringValues {
        guard let header = bytes.first else {
            guard expected == 0 else { throw .countMismatch(timestamps: expected, values: 0) }
            return StringValues(bytes: [], ends: [])
        }
        guard header >> 4 == 1 else {
            throw BlockDecodingError(reason: "\(section): unknown encoding \(header >> 4)")
        }
        let compressed = UnsafeRawBufferPointer(rebasing: bytes[1...])
        let length = try uncompressedLength(compressed)
        var ends: [Int] = []
        // One buffer: snappy output, then the values moved down over their length prefixes in place.
        let values = try [UInt8].building(capacity: Swift.max(length, 1)) { buffer throws(BlockDecodingError) in
            try uncompress(compressed, into: buffer, length: length)
            var used = 0
            ends = try [Int].building(capacity: expected) { endsBuffer throws(BlockDecodingError) in
                try split(buffer, length: length, ends: endsBuffer, used: &used)
            }
            return used
        }
        guard ends.count == expected else { throw .countMismatch(timestamps: expected, values: ends.count) }
        return StringValues(bytes: values, ends: ends)
    }

    private static func uncompressedLength(_ compressed: UnsafeRawBufferPointer) throws(BlockDecodingError) -> Int {
        var length = 0
        let status = snappy_uncompressed_length(
            compressed.baseAddress?.assumingMemoryBound(to: CChar.self), compressed.count, &length)
        guard status == SNAPPY_OK else {
            throw BlockDecodingError(reason: "\(section): snappy length header is damaged (\(compressed.count) bytes)")
        }
        guard length <= compressed.count * maxExpansion else {
            throw BlockDecodingError(
                reason: "\(section): snappy claims \(length) bytes from only \(compressed.count) compressed bytes")
        }
        return length
    }

    private static func uncompress(
        _ compressed: UnsafeRawBufferPointer, into buffer: UnsafeMutableBufferPointer<UInt8>, length: Int
    ) throws(BlockDecodingError) {
        var produced = buffer.count
        let status = buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { output in
            snappy_uncompress(
                compressed.baseAddress?.assumingMemoryBound(to: CChar.self), compressed.count, output, &produced)
        }
        guard status == SNAPPY_OK, produced == length else {
            throw BlockDecodingError(reason: "\(section): snappy data is damaged")
        }
    }

    /// Walks the length-prefixed values in `buffer[0..<length]`, moving each value's bytes down to
    /// follow the previous value's (the write position never passes the read position), and records
    /// the end offsets. Returns how many values there were; `used` gets the packed byte count.
    private static func split(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, length: Int, ends: UnsafeMutableBufferPointer<Int>,
        used: inout Int
    ) throws(BlockDecodingError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let raw = UnsafeRawBufferPointer(start: base, count: length)
        var read = 0
        var write = 0
        var count = 0
        while read < length {
            let size = try Varint.read(raw, at: &read, "\(section): length of value \(count)")
            guard size <= UInt64(length - read) else {
                throw .truncated(section, "value \(count): length \(size) but \(length - read) bytes left")
            }
            guard count < ends.count else { throw .tooManyValues(timestamps: ends.count, kind: "string") }
            let byteCount = Int(size)
            if write != read {
                (base + write).update(from: base + read, count: byteCount)  // regions may overlap; update allows it
            }
            write += byteCount
            read += byteCount
            ends[count] = write
            count += 1
        }
        used = write
        return count
    }
}
