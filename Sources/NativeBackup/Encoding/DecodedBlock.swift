/// One fully decoded TSM block: `timestamps[i]` (Unix nanoseconds) belongs to value `i`.
public struct DecodedBlock: Sendable, Equatable {
    /// Unix-nanosecond timestamps, in the order stored (InfluxDB writes them ascending).
    public var timestamps: [Int64]
    /// The values, exactly as many as `timestamps`.
    public var values: BlockValues

    /// Pairs timestamps with values; callers building blocks by hand keep the counts equal.
    public init(timestamps: [Int64], values: BlockValues) {
        self.timestamps = timestamps
        self.values = values
    }
}
