import ArchiveFormat
import LineProtocol

/// What a source server holds, as far as a dump needs to know.
public struct ServerSchema: Sendable {
    public struct Database: Sendable {
        public var name: String
        public var retentionPolicies: [RetentionPolicy]
        public var continuousQueries: [Manifest.ContinuousQuery]

        public init(name: String, retentionPolicies: [RetentionPolicy], continuousQueries: [Manifest.ContinuousQuery]) {
            self.name = name
            self.retentionPolicies = retentionPolicies
            self.continuousQueries = continuousQueries
        }
    }

    public struct RetentionPolicy: Sendable {
        public var name: String
        public var duration: Int64
        public var shardGroupDuration: Int64
        public var replicaN: Int
        public var isDefault: Bool
        /// measurement → field key → types (from SHOW FIELD KEYS, which honours the RP).
        public var measurements: [String: [String: [FieldType]]]
        public var shardGroups: [ShardGroupWindow]

        public init(
            name: String, duration: Int64, shardGroupDuration: Int64, replicaN: Int, isDefault: Bool,
            measurements: [String: [String: [FieldType]]], shardGroups: [ShardGroupWindow]
        ) {
            self.name = name
            self.duration = duration
            self.shardGroupDuration = shardGroupDuration
            self.replicaN = replicaN
            self.isDefault = isDefault
            self.measurements = measurements
            self.shardGroups = shardGroups
        }
    }

    public var serverVersion: String
    public var databases: [Database]
    /// What could not be read for lack of privilege, and what the index lists but no query can
    /// read (recorded as manifest notes).
    public var notes: [String] = []
    /// Data the server holds that cannot be saved exactly (manifest findings: the dump exits 1).
    public var findings: [String] = []

    public init(serverVersion: String, databases: [Database], notes: [String] = [], findings: [String] = []) {
        self.serverVersion = serverVersion
        self.databases = databases
        self.notes = notes
        self.findings = findings
    }
}

/// One shard group's time range. `brokenStart` marks InfluxDB 1.6.7's first shard group (the one
/// starting before MinNanoTime): after a restart SHOW SHARDS prints its start after its end, and
/// it can only be read by a query without an upper time bound.
public struct ShardGroupWindow: Sendable, Equatable {
    public init(id: Int64, start: Int64, end: Int64, brokenStart: Bool) {
        self.id = id
        self.start = start
        self.end = end
        self.brokenStart = brokenStart
    }

    public var id: Int64
    public var start: Int64
    public var end: Int64
    public var brokenStart: Bool
}
