/// One point read back from line protocol, with names unescaped and values typed.
public struct ParsedPoint: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case float(Double)
        case integer(Int64)
        case string([UInt8])
        case boolean(Bool)

        public var type: FieldType {
            switch self {
            case .float: return .float
            case .integer: return .integer
            case .string: return .string
            case .boolean: return .boolean
            }
        }

        public static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case let (.float(x), .float(y)): return x.bitPattern == y.bitPattern
            case let (.integer(x), .integer(y)): return x == y
            case let (.string(x), .string(y)): return x == y
            case let (.boolean(x), .boolean(y)): return x == y
            default: return false
            }
        }
    }

    public var measurement: [UInt8]
    public var tags: [(key: [UInt8], value: [UInt8])]
    public var fields: [(key: [UInt8], value: Value)]
    public var time: Int64?

    public static func == (a: ParsedPoint, b: ParsedPoint) -> Bool {
        a.measurement == b.measurement && a.time == b.time
            && a.tags.count == b.tags.count && zip(a.tags, b.tags).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            && a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
