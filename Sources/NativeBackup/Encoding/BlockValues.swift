/// The decoded values of one block, in the type the block's type byte names.
public enum BlockValues: Sendable, Equatable {
    /// Values of a float block.
    case float([Double])
    /// Values of an integer block.
    case integer([Int64])
    /// Values of an unsigned block.
    case unsigned([UInt64])
    /// Values of a boolean block.
    case boolean([Bool])
    /// Values of a string block.
    case string(StringValues)

    /// How many values there are (equal to the block's timestamp count once decoded).
    public var count: Int {
        switch self {
        case .float(let values): return values.count
        case .integer(let values): return values.count
        case .unsigned(let values): return values.count
        case .boolean(let values): return values.count
        case .string(let values): return values.count
        }
    }

    /// The block type these values came from.
    public var type: TSMBlockType {
        switch self {
        case .float: return .float
        case .integer: return .integer
        case .unsigned: return .unsigned
        case .boolean: return .boolean
        case .string: return .string
        }
    }
}
