/// The first byte of a TSM block: which kind of value the block holds.
public enum TSMBlockType: UInt8, Sendable {
    /// Gorilla XOR-compressed `Double`s (Go `BlockFloat64`).
    case float = 0
    /// Zigzag delta `Int64`s (Go `BlockInteger`).
    case integer = 1
    /// Bit-packed booleans (Go `BlockBoolean`).
    case boolean = 2
    /// Snappy-compressed length-prefixed strings (Go `BlockString`).
    case string = 3
    /// `UInt64`s stored with the integer encoding, bit pattern reinterpreted (Go `BlockUnsigned`).
    case unsigned = 4
}
