/// What one pass over a shard's indexes finds: per measurement, its fields with their block
/// types, and where its keys lie in each file. Index keys are sorted bytewise, so one
/// measurement's keys are a few runs per file (usually one; a name like `a!` sorts into `a`'s).
public struct ShardScan: Sendable {
    public struct Measurement: Sendable {
        /// Field key → the block types seen (TSMBlockType raw values).
        public var fields: [String: Set<UInt8>] = [:]
        /// Per file (as `ShardFiles.files`), the index positions where a run of its keys starts.
        /// A run is the keys with one spelling of the measurement (`RunCursor`). After the
        /// files, the WAL cache's runs, as positions in its sorted keys.
        var runs: [[Int]]
        /// Keys in all files (a key in two files counts twice).
        public var keys = 0
        /// The earliest and latest time of any of its blocks (before tombstones), inclusive.
        public var minTime = Int64.max
        public var maxTime = Int64.min
    }

    /// By unescaped measurement name, as bytes.
    public private(set) var measurements: [[UInt8]: Measurement] = [:]

    /// The files, and the WAL cache after them.
    private let sources: Int

    public init(_ shard: ShardFiles) throws(NativeBackupError) {
        sources = shard.files.count + 1
        for (f, file) in shard.files.enumerated() {
            var cursor = file.indexCursor()
            var run = Run(prefix: [], name: [])
            while true {
                let position = cursor.position
                guard let entry = try cursor.next() else { break }
                let (series, field) = TSMKey.split(entry.key)
                let end = TSMKey.measurementEnd(series)
                if end.unescapedSpace {
                    throw .tsmUnreadable(
                        path: file.label, message: "index: key \(String(decoding: entry.key, as: UTF8.self)) has an unescaped space")
                }
                let prefix = series[series.startIndex..<end.end]
                if run.keys == 0 || !prefix.elementsEqual(run.prefix) {
                    if run.keys > 0 { add(run) }
                    run = Run(prefix: Array(prefix), name: TSMKey.measurement(series), file: f, start: position)
                }
                run.keys += 1
                run.fields[field, default: []].insert(entry.type)
                if let first = entry.entries.first, let last = entry.entries.last {
                    run.minTime = min(run.minTime, first.minTime)
                    run.maxTime = max(run.maxTime, last.maxTime)
                }
            }
            if run.keys > 0 { add(run) }
        }
        if let cache = shard.cache { try scan(cache, as: shard.files.count, label: cache.label) }
    }

    /// The WAL cache's keys, as one more source after the files.
    private mutating func scan(_ cache: WALCache, as source: Int, label: String) throws(NativeBackupError) {
        var run = Run(prefix: [], name: [])
        for (position, key) in cache.keys.enumerated() {
            let (series, field) = TSMKey.split(key)
            let end = TSMKey.measurementEnd(series)
            if end.unescapedSpace {
                throw .tsmUnreadable(path: label, message: "key \(String(decoding: key, as: UTF8.self)) has an unescaped space")
            }
            let prefix = series[series.startIndex..<end.end]
            if run.keys == 0 || !prefix.elementsEqual(run.prefix) {
                if run.keys > 0 { add(run) }
                run = Run(prefix: Array(prefix), name: TSMKey.measurement(series), file: source, start: position)
            }
            run.keys += 1
            let values = cache.values[key]
            run.fields[field, default: []].insert(values?.values.type.rawValue ?? 0)
            if let first = values?.timestamps.first, let last = values?.timestamps.last {
                run.minTime = min(run.minTime, first)
                run.maxTime = max(run.maxTime, last)
            }
        }
        if run.keys > 0 { add(run) }
    }

    /// One run of keys with the same measurement spelling, gathered before it is added.
    private struct Run {
        let prefix: [UInt8]
        let name: [UInt8]
        var file = 0
        var start = 0
        var keys = 0
        var fields: [ArraySlice<UInt8>: Set<UInt8>] = [:]
        var minTime = Int64.max
        var maxTime = Int64.min
    }

    /// Adds a run of source `run.file` (a file, or the WAL cache after the files).
    private mutating func add(_ run: Run) {
        var m = measurements[run.name] ?? Measurement(runs: Array(repeating: [], count: sources))
        m.runs[run.file].append(run.start)
        m.keys += run.keys
        m.minTime = min(m.minTime, run.minTime)
        m.maxTime = max(m.maxTime, run.maxTime)
        for (field, types) in run.fields { m.fields[String(decoding: field, as: UTF8.self), default: []].formUnion(types) }
        measurements[run.name] = m
    }
}
