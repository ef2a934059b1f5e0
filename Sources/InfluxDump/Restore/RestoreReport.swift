/// What a restore did.
public struct RestoreReport: Sendable {
    public struct Refusal: Sendable, Equatable {
        public var segment: String
        public var database: String
        public var dropped: Int64
        public var message: String
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
    /// Users created with a random password (they cannot log in until one is set).
    public var disabledUsers: [String] = []
    /// Continuous queries not recreated, with the reason.
    public var refusedContinuousQueries: [String] = []
    public var refusedPoints: Int64 { refusals.reduce(0) { $0 + $1.dropped } }

    public init() {}
}
