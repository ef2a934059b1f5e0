/// A tiny msgpack encoder for building test documents (test target only). It follows the msgpack
/// spec and picks the smallest form (non-negative ints as the uint family). `int32`/`int64` force
/// the signed forms InfluxDB 1.6.7 sends for most values (`d2`, `d3`, observed with curl).
indirect enum MP {
    case null
    case bool(Bool)
    case int(Int64)
    case int32(Int32)
    case int64(Int64)
    case float(Double)
    case str(String)
    case raw([UInt8])  // a str whose bytes need not be UTF-8
    case bin([UInt8])
    case array([MP])
    case map([(MP, MP)])

    static func obj(_ pairs: KeyValuePairs<String, MP>) -> MP { .map(pairs.map { (.str($0.key), $0.value) }) }

    var bytes: [UInt8] { var out: [UInt8] = []; encode(into: &out); return out }

    private static func be(_ v: UInt64, _ n: Int, _ out: inout [UInt8]) {
        for i in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    private static func header(_ n: Int, fix: UInt8, fixLimit: Int, _ b8: UInt8?, _ b16: UInt8, _ b32: UInt8, _ out: inout [UInt8]) {
        if n < fixLimit {
            out.append(fix | UInt8(n))
        } else if let b8, n <= 0xFF {
            out.append(b8); be(UInt64(n), 1, &out)
        } else if n <= 0xFFFF {
            out.append(b16); be(UInt64(n), 2, &out)
        } else {
            out.append(b32); be(UInt64(n), 4, &out)
        }
    }

    func encode(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(0xC0)
        case .bool(let b): out.append(b ? 0xC3 : 0xC2)
        case .int(let v):
            if v >= 0 {
                let u = UInt64(v)
                if u < 0x80 {
                    out.append(UInt8(u))
                } else if u <= 0xFF {
                    out.append(0xCC); Self.be(u, 1, &out)
                } else if u <= 0xFFFF {
                    out.append(0xCD); Self.be(u, 2, &out)
                } else if u <= 0xFFFF_FFFF {
                    out.append(0xCE); Self.be(u, 4, &out)
                } else {
                    out.append(0xCF); Self.be(u, 8, &out)
                }
            } else {
                let u = UInt64(bitPattern: v)
                if v >= -32 {
                    out.append(UInt8(truncatingIfNeeded: u))
                } else if v >= -128 {
                    out.append(0xD0); Self.be(u, 1, &out)
                } else if v >= -32768 {
                    out.append(0xD1); Self.be(u, 2, &out)
                } else if v >= -2_147_483_648 {
                    out.append(0xD2); Self.be(u, 4, &out)
                } else {
                    out.append(0xD3); Self.be(u, 8, &out)
                }
            }
        case .int32(let v): out.append(0xD2); Self.be(UInt64(UInt32(bitPattern: v)), 4, &out)
        case .int64(let v): out.append(0xD3); Self.be(UInt64(bitPattern: v), 8, &out)
        case .float(let d): out.append(0xCB); Self.be(d.bitPattern, 8, &out)
        case .str(let s): MP.raw(Array(s.utf8)).encode(into: &out)
        case .raw(let b): Self.header(b.count, fix: 0xA0, fixLimit: 32, 0xD9, 0xDA, 0xDB, &out); out += b
        case .bin(let b): Self.header(b.count, fix: 0, fixLimit: 0, 0xC4, 0xC5, 0xC6, &out); out += b
        case .array(let items):
            Self.header(items.count, fix: 0x90, fixLimit: 16, nil, 0xDC, 0xDD, &out)
            for i in items { i.encode(into: &out) }
        case .map(let pairs):
            Self.header(pairs.count, fix: 0x80, fixLimit: 16, nil, 0xDE, 0xDF, &out)
            for (k, v) in pairs { k.encode(into: &out); v.encode(into: &out) }
        }
    }
}
