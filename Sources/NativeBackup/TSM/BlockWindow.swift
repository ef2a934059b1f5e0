/// A read-ahead window over one TSM file for blocks read in file order: the writer lays blocks
/// out key by key, the order they are read in, so one 256 KiB `pread` serves many small blocks
/// (one read per block cost more in system time than the decoding at 1 M series).
struct BlockWindow {
    private var bytes: [UInt8] = []
    private var start = 0
    static let size = 256 << 10

    /// The block's bytes (CRC and data) from the window, refilled from `file` when it does not
    /// hold them. Valid until the next call.
    mutating func block(_ entry: TSMIndexEntry, of file: TSMFile) throws(NativeBackupError) -> ArraySlice<UInt8> {
        if entry.offset < start || entry.offset + entry.size > start + bytes.count {
            let length = min(max(Self.size, entry.size), file.indexStart - entry.offset)
            bytes = try file.file.bytes(at: entry.offset, count: length)
            start = entry.offset
        }
        return bytes[(entry.offset - start)..<(entry.offset - start + entry.size)]
    }
}
