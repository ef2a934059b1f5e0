/// Where one block of a key lies in a TSM file, and the times it covers (both inclusive).
public struct TSMIndexEntry: Sendable, Equatable {
    public var minTime: Int64
    public var maxTime: Int64
    /// Of the block's 4-byte CRC-32, which the block's data follows.
    public var offset: Int
    /// The CRC and the data together.
    public var size: Int

    /// The byte layout of an entry in the index: min, max, offset (8 bytes each), size (4), big-endian.
    static let encodedSize = 28
}
