import Support

extension Manifest {
    /// One query window of a dump: `[start, end)` of one database, RP and measurement.
    public struct Window: Codable, Sendable, Equatable, Hashable {
        public var database: String
        public var retentionPolicy: String
        public var measurement: String
        public var start: Int64
        public var end: Int64
        /// The first shard group's window: queried without an upper bound, cut client-side.
        public var unboundedAbove: Bool?
        /// Fields left out of this window on purpose (no value within `obsolete_after`).
        public var excludedFields: [String]? = nil

        public init(
            database: String, retentionPolicy: String, measurement: String, start: Int64, end: Int64, unboundedAbove: Bool? = nil,
            excludedFields: [String]? = nil
        ) {
            self.database = database
            self.retentionPolicy = retentionPolicy
            self.measurement = measurement
            self.start = start
            self.end = end
            self.unboundedAbove = unboundedAbove
            self.excludedFields = excludedFields
        }

        /// The window alone, without what the plan notes about it: how segments are grouped by
        /// window (`Segment.window`) and looked up.
        public var key: Window {
            Window(database: database, retentionPolicy: retentionPolicy, measurement: measurement, start: start, end: end)
        }

        /// `db/rp/m [start, end)` in RFC 3339, as findings name a window.
        public var label: String {
            "\(database)/\(retentionPolicy)/\(measurement) [\(Timestamp.format(start)), \(end == .max ? "end" : Timestamp.format(end)))"
        }
    }
}
