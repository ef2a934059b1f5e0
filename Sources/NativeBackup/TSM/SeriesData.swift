/// Everything one shard holds of one series: its name and tags (unescaped, in key order) and,
/// per field, the values that survive tombstones and overlaps, in time order.
public struct SeriesData: Sendable {
    public struct Field: Sendable {
        public var name: [UInt8]
        public var timestamps: [Int64]
        public var values: BlockValues
    }

    public var measurement: [UInt8]
    public var tags: [(key: [UInt8], value: [UInt8])]
    /// In key order; none is empty.
    public var fields: [Field]
}
