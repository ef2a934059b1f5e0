/// Reads a TSM file's index front to back, one key at a time, through a bounded buffer.
///
/// Index layout (TSM v1, big-endian): per key, `keyLen u16 || key || type u8 || count u16`, then
/// `count` entries of `minTime i64 || maxTime i64 || offset u64 || size u32`. Keys are sorted.
struct TSMIndexCursor {
    private let file: PositionalReader
    private let end: Int
    private let blocksEnd: Int
    /// Where the next key starts in the file.
    private(set) var position: Int
    /// The key read last: each key must sort after it (TSM v1 has no index checksum; a key out of
    /// order would split a series or repeat a field).
    private var previous: [UInt8]? = nil
    /// Bytes of the file from `bufferStart`; refilled as the cursor moves (at most 256 KiB, or one
    /// key's record when a key is longer).
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    static let bufferSize = 256 << 10

    /// A cursor from `start` (an index position) to `end` (where the footer begins).
    init(file: PositionalReader, start: Int, end: Int, blocksEnd: Int) {
        self.file = file
        self.position = start
        self.end = end
        self.blocksEnd = blocksEnd
    }

    var atEnd: Bool { position >= end }

    /// The next key, or nil at the end of the index.
    mutating func next() throws(NativeBackupError) -> TSMIndexKey? {
        guard position < end else { return nil }
        let keyLength = Int(try u16(at: position))
        let head = position + 2 + keyLength
        try ensure(head + 3)
        let type = buffer[head - bufferStart]
        let count = Int(try u16(at: head + 1))
        guard count > 0 else { throw damaged("key at index byte \(position) has no blocks") }
        let recordEnd = head + 3 + count * TSMIndexEntry.encodedSize
        guard recordEnd <= end else { throw damaged("key at index byte \(position) runs past the index") }
        try ensure(recordEnd)
        let key = Array(buffer[(position + 2 - bufferStart)..<(head - bufferStart)])
        var entries: [TSMIndexEntry] = []
        entries.reserveCapacity(count)
        var at = head + 3 - bufferStart
        for _ in 0..<count {
            let e = TSMIndexEntry(
                minTime: Int64(bitPattern: be64(at)), maxTime: Int64(bitPattern: be64(at + 8)),
                offset: Int(truncatingIfNeeded: be64(at + 16)),
                size: Int(be32(at + 24)))
            guard e.offset >= 5, e.size > 4, e.offset <= blocksEnd - e.size else {
                throw damaged("key \(String(decoding: key, as: UTF8.self)): block at \(e.offset) of \(e.size) bytes lies outside the data")
            }
            guard e.minTime <= e.maxTime else {
                throw damaged("key \(String(decoding: key, as: UTF8.self)): block's time range is reversed")
            }
            entries.append(e)
            at += TSMIndexEntry.encodedSize
        }
        if let p = previous, !p.lexicographicallyPrecedes(key) {
            throw damaged("key \(String(decoding: key, as: UTF8.self)) at index byte \(position) does not sort after the key before it")
        }
        previous = key
        position = recordEnd
        return TSMIndexKey(key: key, type: type, entries: entries)
    }

    private func damaged(_ message: String) -> NativeBackupError { .tsmUnreadable(path: file.label, message: "index: \(message)") }

    private mutating func u16(at offset: Int) throws(NativeBackupError) -> UInt16 {
        guard offset + 2 <= end else { throw damaged("truncated at byte \(offset)") }
        try ensure(offset + 2)
        let i = offset - bufferStart
        return UInt16(BigEndianReader.value(buffer[i..<(i + 2)]))
    }

    private func be64(_ i: Int) -> UInt64 { BigEndianReader.value(buffer[i..<(i + 8)]) }

    private func be32(_ i: Int) -> UInt32 { UInt32(BigEndianReader.value(buffer[i..<(i + 4)])) }

    /// Makes the buffer hold the file's bytes from `position` up to `upTo`.
    private mutating func ensure(_ upTo: Int) throws(NativeBackupError) {
        guard upTo > bufferStart + buffer.count || position < bufferStart else { return }
        guard upTo <= end else { throw damaged("truncated at byte \(upTo)") }
        let length = min(end - position, max(Self.bufferSize, upTo - position))
        buffer = try file.bytes(at: position, count: length)
        bufferStart = position
    }
}
