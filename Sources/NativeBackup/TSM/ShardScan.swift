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
            var run: Run? = nil
            while true {
                let position = cursor.position
                guard let entry = try cursor.next() else { break }
                let times = entry.entries.first.map { ($0.minTime, entry.entries[entry.entries.count - 1].maxTime) }
                try visit(entry.key, at: position, of: f, type: entry.type, times: times, &run, label: file.label, what: "index: key")
            }
            if let run { add(run) }
        }
        guard let cache = shard.cache else { return }
        var run: Run? = nil
        for (position, key) in cache.keys.enumerated() {
            let values = cache.values[key]
            let times = values?.timestamps.first.map { ($0, values?.timestamps.last ?? $0) }
            try visit(
                key, at: position, of: shard.files.count, type: values?.values.type.rawValue ?? 0, times: times, &run, label: cache.label,
                what: "key")
        }
        if let run { add(run) }
    }

    /// Adds one key of source `source` (a file, or the WAL cache after the files) to the current
    /// run, or starts a new run where the measurement's spelling changes.
    private mutating func visit(
        _ key: [UInt8], at position: Int, of source: Int, type: UInt8, times: (Int64, Int64)?, _ run: inout Run?, label: String,
        what: String
    ) throws(NativeBackupError) {
        let (series, field) = TSMKey.split(key)
        let end = TSMKey.measurementEnd(series)
        if end.unescapedSpace {
            throw .tsmUnreadable(path: label, message: "\(what) \(String(decoding: key, as: UTF8.self)) has an unescaped space")
        }
        let prefix = series[series.startIndex..<end.end]
        var current: Run
        if let r = run, prefix.elementsEqual(r.prefix) {
            current = r
        } else {
            if let done = run { add(done) }
            current = Run(prefix: Array(prefix), name: TSMKey.measurement(series), file: source, start: position)
        }
        run = nil  // `current` holds the only reference: no copy of its fields per key
        current.keys += 1
        current.fields[field, default: []].insert(type)
        if let (first, last) = times {
            current.minTime = min(current.minTime, first)
            current.maxTime = max(current.maxTime, last)
        }
        run = current
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
