/// Big-endian reads over one WAL entry body; running past its end is damage.
struct WALBytes {
    private let b: [UInt8]
    private var i = 0

    init(_ b: [UInt8]) { self.b = b }

    var atEnd: Bool { i >= b.count }

    mutating func u8() throws(BlockDecodingError) -> UInt8 {
        guard i < b.count else { throw BlockDecodingError(reason: "an entry cut short") }
        defer { i += 1 }
        return b[i]
    }

    mutating func be(_ n: Int) throws(BlockDecodingError) -> UInt64 {
        guard n <= b.count - i else { throw BlockDecodingError(reason: "an entry cut short") }
        defer { i += n }
        return b[i..<(i + n)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    mutating func bytes(_ n: Int) throws(BlockDecodingError) -> [UInt8] {
        guard n <= b.count - i else { throw BlockDecodingError(reason: "an entry cut short") }
        defer { i += n }
        return Array(b[i..<(i + n)])
    }
}
