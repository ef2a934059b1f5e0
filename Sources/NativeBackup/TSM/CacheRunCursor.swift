/// The keys of one measurement in a shard's WAL cache, in order: its sorted keys from each of the
/// measurement's run starts while the escaped measurement stays the same (as `RunCursor`).
struct CacheRunCursor {
    private let cache: WALCache
    private let starts: [Int]
    private var next = 0
    private var position = -1
    private var prefix: [UInt8] = []
    /// The current key, or nil when the runs are done.
    private(set) var current: [UInt8]? = nil

    init(cache: WALCache, starts: [Int]) {
        self.cache = cache
        self.starts = starts
        advance()
    }

    /// The current key's values.
    var values: DecodedBlock? { current.flatMap { cache.values[$0] } }

    mutating func advance() {
        if position >= 0, position + 1 < cache.keys.count {
            let key = cache.keys[position + 1]
            if RunCursor.measurementPrefix(key).elementsEqual(prefix) {
                position += 1
                current = key
                return
            }
        }
        guard next < starts.count, starts[next] < cache.keys.count else {
            current = nil
            return
        }
        position = starts[next]
        next += 1
        current = cache.keys[position]
        prefix = Array(RunCursor.measurementPrefix(cache.keys[position]))
    }
}
