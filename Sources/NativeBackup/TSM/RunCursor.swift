/// The keys of one measurement in one TSM file, in order: the file's index read from each of the
/// measurement's run starts until a key of another measurement.
struct RunCursor {
    private let file: TSMFile
    private let starts: [Int]
    private let measurement: [UInt8]
    private var next = 0
    private var cursor: TSMIndexCursor? = nil
    /// The current key, or nil when the runs are done.
    private(set) var current: TSMIndexKey? = nil

    init(file: TSMFile, starts: [Int], measurement: [UInt8]) throws(NativeBackupError) {
        self.file = file
        self.starts = starts
        self.measurement = measurement
        try advance()
    }

    mutating func advance() throws(NativeBackupError) {
        while true {
            if cursor == nil {
                guard next < starts.count else { current = nil; return }
                cursor = file.indexCursor(from: starts[next])
                next += 1
            }
            if let key = try cursor?.next(), TSMKey.measurement(TSMKey.split(key.key).series) == measurement {
                current = key
                return
            }
            cursor = nil
        }
    }
}
