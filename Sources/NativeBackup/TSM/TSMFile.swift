internal import CZlib

/// One TSM file (format v1) of a shard: `magic u32 (0x16D116D1) || version u8 (1) || blocks ||
/// index || indexOffset u64`, all big-endian. Each block is `crc32 u32 || data`, the CRC-32
/// (IEEE) of the data. TSM v1 has no checksum over the index; the index is checked for shape
/// instead (every block inside the data section, time ranges in order).
public final class TSMFile: Sendable {
    public let path: String
    /// What errors name: `<archive>:<file>` for a file unpacked from a backup's shard archive.
    public let label: String
    /// Generation and sequence from the name `GGGGGGGGG-SSSSSSSSS.tsm`: a higher one is newer,
    /// and its values win where files overlap.
    public let generation: Int
    public let sequence: Int
    let file: PositionalReader
    let indexStart: Int
    let indexEnd: Int

    static let magic: UInt32 = 0x16D1_16D1
    static let headerSize = 5

    public init(path: String, label: String? = nil) throws(NativeBackupError) {
        self.path = path
        let label = label ?? path
        self.label = label
        (generation, sequence) = Self.parseName(path)
        file = try PositionalReader(path: path, label: label)
        guard file.size >= Self.headerSize + 8 else { throw .tsmUnreadable(path: label, message: "\(file.size) bytes, too short for TSM") }
        let header = try file.bytes(at: 0, count: Self.headerSize)
        guard BigEndianReader.value(header[0..<4]) == Self.magic else { throw .tsmUnreadable(path: label, message: "no TSM magic number") }
        guard header[4] == 1 else { throw .tsmUnreadable(path: label, message: "TSM version \(header[4]), only version 1 is known") }
        let footer = try file.bytes(at: file.size - 8, count: 8)
        let offset = BigEndianReader.value(footer)
        indexEnd = file.size - 8
        guard offset >= UInt64(Self.headerSize), offset <= UInt64(indexEnd) else {
            throw .tsmUnreadable(path: label, message: "index offset \(offset) outside the file")
        }
        indexStart = Int(offset)
    }

    /// A cursor over the whole index.
    func indexCursor() -> TSMIndexCursor { indexCursor(from: indexStart) }

    /// A cursor from a key's index position (as another cursor's `position` gave it).
    func indexCursor(from position: Int) -> TSMIndexCursor {
        TSMIndexCursor(file: file, start: position, end: indexEnd, blocksEnd: indexStart)
    }

    /// Reads one block into `buffer` (reused by the caller) and checks its CRC. On return
    /// `buffer[0..<4]` is the CRC and `buffer[4..<entry.size]` the block's data.
    func readBlock(_ entry: TSMIndexEntry, key: [UInt8], into buffer: inout [UInt8]) throws(NativeBackupError) {
        if buffer.count < entry.size { buffer = [UInt8](repeating: 0, count: entry.size) }
        var failure: NativeBackupError? = nil
        buffer.withUnsafeMutableBytes { b in
            do throws(NativeBackupError) {
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: b[0..<entry.size]), at: entry.offset)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        try checkBlock(buffer[0..<entry.size], entry, key: key)
    }

    /// Checks the CRC of one block as read: `block` is the CRC, then the data.
    func checkBlock(_ block: ArraySlice<UInt8>, _ entry: TSMIndexEntry, key: [UInt8]) throws(NativeBackupError) {
        let i = block.startIndex
        let stored = UInt32(BigEndianReader.value(block[i..<(i + 4)]))
        let actual = block.withUnsafeBytes { b in
            UInt32(crc32(0, b.baseAddress.map { $0.assumingMemoryBound(to: Bytef.self) + 4 }, uInt(entry.size - 4)))
        }
        guard stored == actual else {
            throw .damagedBlock(
                path: label, key: String(decoding: key, as: UTF8.self),
                message: "CRC-32 mismatch in the block at byte \(entry.offset) (stored \(hex(stored)), computed \(hex(actual)))")
        }
    }

    private func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    /// `000000002-000000001.tsm` → (2, 1); another name sorts as (0, 0) after the name itself.
    static func parseName(_ path: String) -> (Int, Int) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let parts = name.split(separator: ".").first?.split(separator: "-") ?? []
        guard parts.count == 2, let g = Int(parts[0]), let s = Int(parts[1]) else { return (0, 0) }
        return (g, s)
    }
}
