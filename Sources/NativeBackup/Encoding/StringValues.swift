/// String values of one block: all bytes in one buffer, value i is bytes[ends[i-1]..<ends[i]] (ends[-1] = 0).
///
/// One buffer instead of `[String]` because field values are arbitrary bytes (InfluxDB does not
/// enforce UTF-8) and because one allocation per block is much cheaper than one per value.
public struct StringValues: Sendable, Equatable {
    /// Every value's bytes, back to back, with no separators or length prefixes.
    public var bytes: [UInt8]
    /// End offset in `bytes` of each value; non-decreasing, the last equals `bytes.count`.
    public var ends: [Int]

    /// Wraps an already-split buffer; `ends` must be non-decreasing and end at `bytes.count`.
    public init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    /// How many values the block holds.
    public var count: Int { ends.count }

    /// The bytes of value `i` (a view into `bytes`, no copy).
    public subscript(i: Int) -> ArraySlice<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return bytes[start..<ends[i]]
    }
}
