/// What one pass over a shard's indexes finds: per measurement, its fields with their block
/// types, and where its keys lie in each file. Index keys are sorted bytewise, so one
/// measurement's keys are a few runs per file (usually one; a name like `a!` sorts into `a`'s).
public struct ShardScan: Sendable {
    public struct Measurement: Sendable {
        /// Field key → the block types seen (TSMBlockType raw values).
        public var fields: [String: Set<UInt8>] = [:]
        /// Per file (as `ShardFiles.files`), the index positions where a run of its keys starts.
        var runs: [[Int]]
        /// Keys in all files (a key in two files counts twice).
        public var keys = 0
    }

    /// By unescaped measurement name, as bytes.
    public private(set) var measurements: [[UInt8]: Measurement] = [:]

    public init(_ shard: ShardFiles) throws(NativeBackupError) {
        for (f, file) in shard.files.enumerated() {
            var cursor = file.indexCursor()
            var previous: [UInt8]? = nil
            while true {
                let position = cursor.position
                guard let entry = try cursor.next() else { break }
                let (series, field) = TSMKey.split(entry.key)
                if TSMKey.measurementEnd(series).unescapedSpace {
                    throw .tsmUnreadable(
                        path: file.label, message: "index: key \(String(decoding: entry.key, as: UTF8.self)) has an unescaped space")
                }
                let name = TSMKey.measurement(series)
                if name != previous {
                    measurements[name, default: Measurement(runs: Array(repeating: [], count: shard.files.count))].runs[f].append(position)
                    previous = name
                }
                measurements[name]?.keys += 1
                measurements[name]?.fields[String(decoding: field, as: UTF8.self), default: []].insert(entry.type)
            }
        }
    }
}
