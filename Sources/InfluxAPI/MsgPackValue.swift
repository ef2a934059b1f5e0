/// A fully decoded msgpack value, for the small answers of SHOW statements and error bodies.
/// Bulk data never goes through this type (see `QueryResponseParser`).
public indirect enum MsgPackValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case bigUInt(UInt64)
    case float(Double)
    case string([UInt8])
    case binary([UInt8])
    case ext(Int8, [UInt8])
    case array([MsgPackValue])
    case map([(MsgPackValue, MsgPackValue)])

    public static func == (a: MsgPackValue, b: MsgPackValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.bigUInt(x), .bigUInt(y)): return x == y
        case let (.float(x), .float(y)): return x.bitPattern == y.bitPattern
        case let (.string(x), .string(y)), let (.binary(x), .binary(y)): return x == y
        case let (.ext(t1, x), .ext(t2, y)): return t1 == t2 && x == y
        case let (.array(x), .array(y)): return x == y
        case let (.map(x), .map(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Decodes one complete value; nil if the reader does not hold a whole value yet.
    public static func decode(from reader: inout MsgPackReader) throws(InfluxClientError) -> MsgPackValue? {
        let start = reader
        func one() throws(InfluxClientError) -> MsgPackValue? {
            guard let token = try reader.next() else { return nil }
            switch token {
            case .null: return .null
            case .bool(let v): return .bool(v)
            case .int(let v): return .int(v)
            case .bigUInt(let v): return .bigUInt(v)
            case .float(let v): return .float(v)
            case .string(let r): return .string(Array(reader.bytes(r)))
            case .binary(let r): return .binary(Array(reader.bytes(r)))
            case .ext(let t, let r): return .ext(t, Array(reader.bytes(r)))
            case .array(let n):
                var items: [MsgPackValue] = []
                items.reserveCapacity(min(n, 1024))
                for _ in 0..<n {
                    guard let v = try one() else { return nil }
                    items.append(v)
                }
                return .array(items)
            case .map(let n):
                var items: [(MsgPackValue, MsgPackValue)] = []
                for _ in 0..<n {
                    guard let k = try one(), let v = try one() else { return nil }
                    items.append((k, v))
                }
                return .map(items)
            }
        }
        if let v = try one() { return v }
        reader = start
        return nil
    }

    public subscript(key: String) -> MsgPackValue? {
        guard case .map(let items) = self else { return nil }
        let k = Array(key.utf8)
        return items.first { if case .string(let s) = $0.0 { return s == k } else { return false } }?.1
    }

    public var arrayValue: [MsgPackValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return String(decoding: s, as: UTF8.self) } else { return nil } }
    public var bytesValue: [UInt8]? { if case .string(let s) = self { return s } else { return nil } }
    public var intValue: Int64? { if case .int(let v) = self { return v } else { return nil } }
    public var boolValue: Bool? { if case .bool(let v) = self { return v } else { return nil } }
}
