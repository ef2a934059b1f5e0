/// What a restore did.
public struct RestoreReport: Sendable {
    public struct Refusal: Sendable, Equatable {
        public var segment: String
        public var database: String
        public var dropped: Int64
        public var message: String
    }
    /// What was written into one destination database.
    public struct DatabaseTotals: Sendable, Equatable {
        public var segments = 0
        public var points: Int64 = 0
        /// Line-protocol bytes sent.
        public var bytes: Int64 = 0
        /// Compressed bytes of the segments read.
        public var compressedBytes: Int64 = 0

        public init(segments: Int = 0, points: Int64 = 0, bytes: Int64 = 0, compressedBytes: Int64 = 0) {
            self.segments = segments
            self.points = points
            self.bytes = bytes
            self.compressedBytes = compressedBytes
        }
    }
    public var segments = 0
    public var skippedSegments = 0
    public var points: Int64 = 0
    public var filteredPoints: Int64 = 0
    public var bytes: Int64 = 0
    public var refusals: [Refusal] = []
    public var warnings: [String] = []
    /// Segments skipped because the journal says a previous run applied them.
    public var alreadyApplied = 0
    /// Damaged segments left out under `--skip-corrupt`, with the reason.
    public var corrupt: [String] = []
    /// Per destination database (for metrics).
    public var byDatabase: [String: DatabaseTotals] = [:]
    /// Users created with a random password (they cannot log in until one is set).
    public var disabledUsers: [String] = []
    /// Continuous queries not recreated, with the reason.
    public var refusedContinuousQueries: [String] = []
    public var refusedPoints: Int64 { refusals.reduce(0) { $0 + $1.dropped } }

    public init() {}

    /// Adds another restore's report (several archives restored one after the other).
    public mutating func add(_ r: RestoreReport) {
        segments += r.segments
        skippedSegments += r.skippedSegments
        points += r.points
        filteredPoints += r.filteredPoints
        bytes += r.bytes
        refusals += r.refusals
        warnings += r.warnings
        alreadyApplied += r.alreadyApplied
        corrupt += r.corrupt
        disabledUsers += r.disabledUsers
        refusedContinuousQueries += r.refusedContinuousQueries
        for (db, t) in r.byDatabase {
            var mine = byDatabase[db] ?? DatabaseTotals()
            mine.segments += t.segments
            mine.points += t.points
            mine.bytes += t.bytes
            mine.compressedBytes += t.compressedBytes
            byDatabase[db] = mine
        }
    }
}
