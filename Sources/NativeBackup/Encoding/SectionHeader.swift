/// The three layouts integer and timestamp sections share after their header byte (high nibble
/// 0 uncompressed, 1 simple8b, 2 run-length; `tsdb/engine/tsm1/int.go`, `timestamp.go`): each
/// length checked here once, the meaning of the numbers left to the section's own decoder.
enum SectionHeader {
    /// 0: 8-byte big-endian words after the header byte.
    static func uncompressed(_ bytes: UnsafeRawBufferPointer, _ section: String) throws(BlockDecodingError) -> UnsafeRawBufferPointer {
        let words = UnsafeRawBufferPointer(rebasing: bytes[1...])
        guard words.count % 8 == 0 else {
            throw BlockDecodingError(reason: "\(section): uncompressed section of \(bytes.count) bytes is not 1 + a multiple of 8")
        }
        return words
    }

    /// 1: the first value (8 bytes big-endian), then simple8b words; `count` includes the first.
    static func simple8b(
        _ bytes: UnsafeRawBufferPointer, _ section: String
    ) throws(BlockDecodingError) -> (first: UInt64, words: UnsafeRawBufferPointer, count: Int) {
        guard bytes.count >= 9 else { throw .truncated(section, "simple8b header (\(bytes.count) of 9 bytes)") }
        let words = UnsafeRawBufferPointer(rebasing: bytes[9...])
        let rest = try Simple8b.count(words, section)
        return (bytes.bigEndianWord(at: 1), words, rest + 1)
    }

    /// 2: the first value (8 bytes big-endian), a uvarint delta and a uvarint count, and nothing after.
    static func runLength(
        _ bytes: UnsafeRawBufferPointer, _ section: String
    ) throws(BlockDecodingError) -> (first: UInt64, delta: UInt64, count: UInt64) {
        guard bytes.count >= 9 else { throw .truncated(section, "run-length header (\(bytes.count) of 9 bytes)") }
        var offset = 9
        let delta = try Varint.read(bytes, at: &offset, "\(section): run-length delta")
        let count = try Varint.read(bytes, at: &offset, "\(section): run-length count")
        guard offset == bytes.count else {
            throw BlockDecodingError(reason: "\(section): \(bytes.count - offset) trailing bytes after the run-length count")
        }
        return (bytes.bigEndianWord(at: 1), delta, count)
    }
}
