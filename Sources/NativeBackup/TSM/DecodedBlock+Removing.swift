extension DecodedBlock {
    /// The block without the values inside any of `ranges` (inclusive bounds): what a
    /// tombstone or a WAL delete leaves of it.
    func removing(_ ranges: [ClosedRange<Int64>]) -> DecodedBlock {
        let keep = timestamps.indices.filter { i in !ranges.contains { $0.contains(timestamps[i]) } }
        guard keep.count < timestamps.count else { return self }
        return DecodedBlock(timestamps: keep.map { timestamps[$0] }, values: BlockValues.gather([values], keep.map { (0, $0) }))
    }
}
