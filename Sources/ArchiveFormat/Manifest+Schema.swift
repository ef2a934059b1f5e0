import LineProtocol

/// The schema a manifest records: databases, RPs, shard groups, measurements, CQs and users.
extension Manifest {
    public struct Database: Codable, Sendable, Equatable {
        public init(name: String, retentionPolicies: [RetentionPolicy], continuousQueries: [ContinuousQuery]) {
            self.name = name
            self.retentionPolicies = retentionPolicies
            self.continuousQueries = continuousQueries
        }

        public var name: String
        public var retentionPolicies: [RetentionPolicy]
        public var continuousQueries: [ContinuousQuery]
    }

    public struct RetentionPolicy: Codable, Sendable, Equatable {
        public init(
            name: String, duration: Int64, shardGroupDuration: Int64, replicaN: Int, isDefault: Bool, shardGroups: [ShardGroup],
            measurements: [Measurement]
        ) {
            self.name = name
            self.duration = duration
            self.shardGroupDuration = shardGroupDuration
            self.replicaN = replicaN
            self.isDefault = isDefault
            self.shardGroups = shardGroups
            self.measurements = measurements
        }

        public var name: String
        /// Nanoseconds; 0 = keep forever.
        public var duration: Int64
        public var shardGroupDuration: Int64
        public var replicaN: Int
        public var isDefault: Bool
        /// Shard groups that held the dumped data: the windows queried.
        public var shardGroups: [ShardGroup]
        /// Field keys and types per measurement, as SHOW FIELD KEYS listed them for this RP
        /// (a field may have several types across shard groups; segments record each window's).
        public var measurements: [Measurement]
    }

    public struct ShardGroup: Codable, Sendable, Equatable {
        public init(id: Int64, start: Int64, end: Int64) {
            self.id = id
            self.start = start
            self.end = end
        }

        public var id: Int64
        public var start: Int64
        public var end: Int64
    }

    public struct Measurement: Codable, Sendable, Equatable {
        public init(name: String, fields: [String: [FieldType]], series: Int64? = nil) {
            self.name = name
            self.fields = fields
            self.series = series
        }

        public var name: String
        public var fields: [String: [FieldType]]
        /// Distinct series with a point in this archive (absent: not counted, e.g. a resumed dump).
        public var series: Int64? = nil
        /// `series` is a HyperLogLog estimate (standard error 1.6%), not an exact count.
        public var seriesEstimated: Bool? = nil
    }

    public struct ContinuousQuery: Codable, Sendable, Equatable {
        public init(name: String, query: String) {
            self.name = name
            self.query = query
        }

        public var name: String
        public var query: String
    }

    /// A user of the source server, without its password hash (InfluxDB cannot show it).
    public struct User: Codable, Sendable, Equatable {
        public var name: String
        public var admin: Bool
        /// Privileges on dumped databases only, sorted by database.
        public var privileges: [Privilege]

        public init(name: String, admin: Bool, privileges: [Privilege]) {
            self.name = name
            self.admin = admin
            self.privileges = privileges
        }
    }

    public struct Privilege: Codable, Sendable, Equatable {
        public var database: String
        /// As SHOW GRANTS prints it: `READ`, `WRITE` or `ALL PRIVILEGES`.
        public var privilege: String

        public init(database: String, privilege: String) {
            self.database = database
            self.privilege = privilege
        }
    }
}
