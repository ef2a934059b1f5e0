/// One key of a TSM index: the series key and field (`series#!~#field`), the block type of all
/// its blocks, and its blocks in time order.
public struct TSMIndexKey: Sendable, Equatable {
    public var key: [UInt8]
    public var type: UInt8
    public var entries: [TSMIndexEntry]
}
