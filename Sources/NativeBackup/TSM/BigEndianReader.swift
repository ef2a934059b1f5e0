/// Big-endian reads over bytes in memory (tombstone records, WAL entries, TSM headers and index
/// records); reading past the end throws `Truncated`, which the caller names.
struct BigEndianReader {
    struct Truncated: Error {}

    private let b: [UInt8]
    /// Where the next read starts.
    private(set) var offset: Int

    init(_ b: [UInt8], at offset: Int = 0) {
        self.b = b
        self.offset = offset
    }

    var atEnd: Bool { offset >= b.count }

    /// The unsigned big-endian number in `bytes` (at most 8 of them).
    static func value<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    mutating func u8() throws(Truncated) -> UInt8 {
        guard offset < b.count else { throw Truncated() }
        defer { offset += 1 }
        return b[offset]
    }

    /// The next `n` bytes (at most 8) as an unsigned number.
    mutating func be(_ n: Int) throws(Truncated) -> UInt64 {
        guard n <= b.count - offset else { throw Truncated() }
        defer { offset += n }
        return Self.value(b[offset..<(offset + n)])
    }

    mutating func bytes(_ n: Int) throws(Truncated) -> [UInt8] {
        guard n >= 0, n <= b.count - offset else { throw Truncated() }
        defer { offset += n }
        return Array(b[offset..<(offset + n)])
    }
}
