/// A pull tokenizer over a growing byte buffer: `next()` returns a whole token or `nil` when the
/// buffer does not yet hold one, without consuming anything, so the caller can append more bytes
/// and ask again. No allocation per token; the buffer only grows to the largest single token.
public struct MsgPackReader {
    public private(set) var buffer: [UInt8] = []
    /// Index of the first unconsumed byte.
    public private(set) var position = 0

    public init() {}

    public init(bytes: [UInt8]) { buffer = bytes }

    public var isAtEnd: Bool { position == buffer.count }
    public var unconsumedCount: Int { buffer.count - position }

    /// Appends newly received bytes, first dropping consumed ones when they dominate the buffer
    /// (amortised O(1); keeps the buffer at most ~2× the largest pending token + one feed).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if position > 0, position >= buffer.count / 2 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    public func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> { buffer[range] }

    /// Lends the whole buffer and a read position to `body`, then keeps the position it left
    /// (for decoding many tokens with `decode(_:at:)` without a call per token).
    @inline(__always)
    mutating func scan<R>(_ body: (UnsafeRawBufferPointer, inout Int) throws -> R) rethrows -> R {
        var p = position
        defer { position = p }
        return try buffer.withUnsafeBytes { try body($0, &p) }
    }

    /// The next token, or nil if incomplete. Throws on bytes that are not msgpack (0xc1).
    @inline(__always)
    public mutating func next() throws(InfluxClientError) -> MsgPackToken? {
        let p = position
        let (token, end) = buffer.withUnsafeBytes { Self.decode($0, at: p) }
        guard end >= 0 else {
            throw .malformedResponse("invalid msgpack byte 0x\(String(buffer[p], radix: 16)) at offset \(p)")
        }
        position = end
        return token
    }

    /// Decodes the token starting at `p`: the token and the offset after it, or `(nil, p)`
    /// when `bytes` ends before the token does, or `(nil, -1)` for a byte that is not msgpack.
    @inline(__always)
    static func decode(_ bytes: UnsafeRawBufferPointer, at p: Int) -> (MsgPackToken?, Int) {
        let avail = bytes.count - p
        guard avail > 0 else { return (nil, p) }
        let b = bytes[p]
        @inline(__always) func be(_ at: Int, _ n: Int) -> UInt64 {
            switch n {
            case 1: return UInt64(bytes[at])
            case 2: return UInt64(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
            case 4: return UInt64(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            default: return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            }
        }
        @inline(__always) func payload(_ header: Int, _ len: Int) -> Range<Int>? {
            avail - header >= len ? (p + header)..<(p + header + len) : nil
        }
        switch b {
        case 0x00...0x7f: return (.int(Int64(b)), p + 1)
        case 0xe0...0xff: return (.int(Int64(Int8(bitPattern: b))), p + 1)
        case 0x80...0x8f: return (.map(count: Int(b & 0x0f)), p + 1)
        case 0x90...0x9f: return (.array(count: Int(b & 0x0f)), p + 1)
        case 0xa0...0xbf:
            guard let r = payload(1, Int(b & 0x1f)) else { return (nil, p) }
            return (.string(r), r.upperBound)
        case 0xc0: return (.null, p + 1)
        case 0xc2: return (.bool(false), p + 1)
        case 0xc3: return (.bool(true), p + 1)
        case 0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb:
            let lenBytes = b == 0xc4 || b == 0xd9 ? 1 : (b == 0xc5 || b == 0xda ? 2 : 4)
            guard avail >= 1 + lenBytes else { return (nil, p) }
            guard let r = payload(1 + lenBytes, Int(be(p + 1, lenBytes))) else { return (nil, p) }
            return (b >= 0xd9 ? .string(r) : .binary(r), r.upperBound)
        case 0xc7, 0xc8, 0xc9:
            let lenBytes = b == 0xc7 ? 1 : (b == 0xc8 ? 2 : 4)
            guard avail >= 2 + lenBytes else { return (nil, p) }
            let type = Int8(bitPattern: bytes[p + 1 + lenBytes])
            guard let r = payload(2 + lenBytes, Int(be(p + 1, lenBytes))) else { return (nil, p) }
            return (.ext(type: type, r), r.upperBound)
        case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
            guard avail >= 2 else { return (nil, p) }
            let type = Int8(bitPattern: bytes[p + 1])
            guard let r = payload(2, 1 << Int(b - 0xd4)) else { return (nil, p) }
            return (.ext(type: type, r), r.upperBound)
        case 0xca:
            guard avail >= 5 else { return (nil, p) }
            return (.float(Double(Float(bitPattern: UInt32(be(p + 1, 4))))), p + 5)
        case 0xcb:
            guard avail >= 9 else { return (nil, p) }
            return (.float(Double(bitPattern: be(p + 1, 8))), p + 9)
        case 0xcc, 0xcd, 0xce, 0xcf:
            let n = 1 << Int(b - 0xcc)
            guard avail >= 1 + n else { return (nil, p) }
            let v = be(p + 1, n)
            return (v <= UInt64(Int64.max) ? .int(Int64(v)) : .bigUInt(v), p + 1 + n)
        case 0xd0, 0xd1, 0xd2, 0xd3:
            let n = 1 << Int(b - 0xd0)
            guard avail >= 1 + n else { return (nil, p) }
            let shift = UInt64(64 - 8 * n)
            return (.int(Int64(bitPattern: be(p + 1, n) << shift) >> Int64(shift)), p + 1 + n)
        case 0xdc, 0xdd:
            let n = b == 0xdc ? 2 : 4
            guard avail >= 1 + n else { return (nil, p) }
            return (.array(count: Int(be(p + 1, n))), p + 1 + n)
        case 0xde, 0xdf:
            let n = b == 0xde ? 2 : 4
            guard avail >= 1 + n else { return (nil, p) }
            return (.map(count: Int(be(p + 1, n))), p + 1 + n)
        default:  // 0xc1 is "never used"
            return (nil, -1)
        }
    }
}
