/// The keys of one measurement in one TSM file, in order: the file's index read from each of the
/// measurement's run starts until a key of another measurement. A run starts at a key of the
/// measurement (`ShardScan`), so the run's key prefix up to the end of the measurement is
/// compared bytewise with each next key's, without unescaping.
struct RunCursor {
    private let file: TSMFile
    private let starts: [Int]
    private var next = 0
    private var cursor: TSMIndexCursor? = nil
    /// The escaped measurement of the current run, as its first key spells it.
    private var prefix: [UInt8] = []
    /// The current key, or nil when the runs are done.
    private(set) var current: TSMIndexKey? = nil

    init(file: TSMFile, starts: [Int]) throws(NativeBackupError) {
        self.file = file
        self.starts = starts
        try advance()
    }

    mutating func advance() throws(NativeBackupError) {
        while true {
            if cursor == nil {
                guard next < starts.count else {
                    current = nil
                    return
                }
                cursor = file.indexCursor(from: starts[next])
                next += 1
                guard let first = try cursor?.next() else { continue }
                prefix = Array(Self.measurementPrefix(first.key))
                current = first
                return
            }
            if let key = try cursor?.next(), Self.measurementPrefix(key.key).elementsEqual(prefix) {
                current = key
                return
            }
            cursor = nil
        }
    }

    /// The key up to the end of its measurement (escaped, as stored).
    static func measurementPrefix(_ key: [UInt8]) -> ArraySlice<UInt8> {
        let series = TSMKey.split(key).series
        return series[series.startIndex..<TSMKey.measurementEnd(series).end]
    }
}
