import LineProtocol

extension Manifest {
    public struct Segment: Codable, Sendable, Equatable {
        public init(
            path: String, database: String, retentionPolicy: String, measurement: String, windowStart: Int64, windowEnd: Int64, part: Int,
            points: Int64, minTime: Int64, maxTime: Int64, rawBytes: Int64, compressedBytes: Int64, sha256: String,
            fields: [String: [FieldType]]
        ) {
            self.path = path
            self.database = database
            self.retentionPolicy = retentionPolicy
            self.measurement = measurement
            self.windowStart = windowStart
            self.windowEnd = windowEnd
            self.part = part
            self.points = points
            self.minTime = minTime
            self.maxTime = maxTime
            self.rawBytes = rawBytes
            self.compressedBytes = compressedBytes
            self.sha256 = sha256
            self.fields = fields
        }

        /// Relative to the archive directory, `/`-separated.
        public var path: String
        public var database: String
        public var retentionPolicy: String
        public var measurement: String
        /// The query window `[start, end)` in nanoseconds this segment holds points of.
        public var windowStart: Int64
        public var windowEnd: Int64
        /// 0 for the first file of a window; a window larger than the segment size continues in part 1, 2, …
        public var part: Int
        public var points: Int64
        public var minTime: Int64
        public var maxTime: Int64
        public var rawBytes: Int64
        public var compressedBytes: Int64
        public var sha256: String
        /// Field types seen in this segment (one type per field within a shard group).
        public var fields: [String: [FieldType]]
        /// How the window was queried, which decides the order of its points (absent in archives
        /// before 0.4: `series`).
        public var query: QueryShape? = nil

        /// The query window this segment holds points of (a `Window.key`).
        public var window: Window {
            Window(database: database, retentionPolicy: retentionPolicy, measurement: measurement, start: windowStart, end: windowEnd)
        }
    }

    /// The query shape of a segment's window.
    public enum QueryShape: String, Codable, Sendable, Equatable {
        /// `SELECT * … GROUP BY *`: series by series, in time order within each series.
        case series
        /// `SELECT * …` without `GROUP BY`, the tags as columns: in time order across series.
        case time
    }
}
