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

    /// The bytes of a token without copying them (valid only inside `body`).
    @inline(__always)
    public func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// The next token, or nil if incomplete. Throws on bytes that are not msgpack (0xc1).
    public mutating func next() throws(InfluxClientError) -> MsgPackToken? {
        let avail = buffer.count - position
        guard avail > 0 else { return nil }
        let p = position
        let b = buffer[p]
        @inline(__always) func need(_ n: Int) -> Bool { avail >= n }
        @inline(__always) func be(_ at: Int, _ n: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<n { v = (v << 8) | UInt64(buffer[at + i]) }
            return v
        }
        @inline(__always) func payload(_ header: Int, _ len: Int) -> Range<Int>? {
            guard need(header + len) else { return nil }
            position = p + header + len
            return (p + header)..<(p + header + len)
        }
        switch b {
        case 0x00...0x7f: position = p + 1; return .int(Int64(b))
        case 0xe0...0xff: position = p + 1; return .int(Int64(Int8(bitPattern: b)))
        case 0x80...0x8f: position = p + 1; return .map(count: Int(b & 0x0f))
        case 0x90...0x9f: position = p + 1; return .array(count: Int(b & 0x0f))
        case 0xa0...0xbf: return payload(1, Int(b & 0x1f)).map { .string($0) }
        case 0xc0: position = p + 1; return .null
        case 0xc2: position = p + 1; return .bool(false)
        case 0xc3: position = p + 1; return .bool(true)
        case 0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb:
            let lenBytes = [0xc4: 1, 0xc5: 2, 0xc6: 4, 0xd9: 1, 0xda: 2, 0xdb: 4][b]!
            guard need(1 + lenBytes) else { return nil }
            let len = Int(be(p + 1, lenBytes))
            guard let r = payload(1 + lenBytes, len) else { return nil }
            return b >= 0xd9 ? .string(r) : .binary(r)
        case 0xc7, 0xc8, 0xc9:
            let lenBytes = b == 0xc7 ? 1 : (b == 0xc8 ? 2 : 4)
            guard need(2 + lenBytes) else { return nil }
            let len = Int(be(p + 1, lenBytes))
            let type = Int8(bitPattern: buffer[p + 1 + lenBytes])
            guard let r = payload(2 + lenBytes, len) else { return nil }
            return .ext(type: type, r)
        case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
            let len = 1 << Int(b - 0xd4)
            guard need(2) else { return nil }
            let type = Int8(bitPattern: buffer[p + 1])
            guard let r = payload(2, len) else { return nil }
            return .ext(type: type, r)
        case 0xca:
            guard need(5) else { return nil }
            let v = Float(bitPattern: UInt32(be(p + 1, 4)))
            position = p + 5
            return .float(Double(v))
        case 0xcb:
            guard need(9) else { return nil }
            let v = Double(bitPattern: be(p + 1, 8))
            position = p + 9
            return .float(v)
        case 0xcc, 0xcd, 0xce, 0xcf:
            let n = 1 << Int(b - 0xcc)
            guard need(1 + n) else { return nil }
            let v = be(p + 1, n)
            position = p + 1 + n
            return v <= UInt64(Int64.max) ? .int(Int64(v)) : .bigUInt(v)
        case 0xd0, 0xd1, 0xd2, 0xd3:
            let n = 1 << Int(b - 0xd0)
            guard need(1 + n) else { return nil }
            let raw = be(p + 1, n)
            let shift = UInt64(64 - 8 * n)
            position = p + 1 + n
            return .int(Int64(bitPattern: raw << shift) >> Int64(shift))
        case 0xdc, 0xdd:
            let n = b == 0xdc ? 2 : 4
            guard need(1 + n) else { return nil }
            position = p + 1 + n
            return .array(count: Int(be(p + 1, n)))
        case 0xde, 0xdf:
            let n = b == 0xde ? 2 : 4
            guard need(1 + n) else { return nil }
            position = p + 1 + n
            return .map(count: Int(be(p + 1, n)))
        default: // 0xc1 is "never used"
            throw .malformedResponse("invalid msgpack byte 0x\(String(b, radix: 16)) at offset \(p)")
        }
    }
}
