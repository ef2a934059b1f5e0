import InfluxDump

extension RestoreCommand {
    /// `--json`'s `result`.
    struct Result: Encodable {
        struct Refusal: Encodable { var segment: String, database: String, dropped: Int64, message: String }
        var inputs: [String]
        var points: Int64
        var segments: Int
        var bytes: Int64
        var skippedSegments: Int
        var alreadyApplied: Int
        var filteredPoints: Int64
        var refusedPoints: Int64
        var refusals: [Refusal]
        var corrupt: [String]
        var warnings: [String]

        init(inputs: [String], report r: RestoreReport) {
            self.inputs = inputs
            points = r.points
            segments = r.segments
            bytes = r.bytes
            skippedSegments = r.skippedSegments
            alreadyApplied = r.alreadyApplied
            filteredPoints = r.filteredPoints
            refusedPoints = r.refusedPoints
            refusals = r.refusals.map { Refusal(segment: $0.segment, database: $0.database, dropped: $0.dropped, message: $0.message) }
            corrupt = r.corrupt
            warnings = r.warnings
            disabledUsers = r.disabledUsers
            refusedContinuousQueries = r.refusedContinuousQueries
        }
        var disabledUsers: [String]
        var refusedContinuousQueries: [String]
        /// `--dry-run`: what would be done (the counts above are then zero).
        var plan: RestorePlan?
    }
}
