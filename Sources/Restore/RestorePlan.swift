import ArchiveFormat
import LineProtocol
import Schema

/// What a restore would do, found by `restore --dry-run` without writing anything: databases
/// and retention policies to create, points to write per target measurement, and what the
/// destination would refuse (points older than an RP's retention, field-type conflicts).
///
/// The shape is stable and self-contained (JSON keys are the property names; times are
/// integer nanoseconds, durations nanoseconds with 0 = forever): `--json` prints it as is.
public struct RestorePlan: Codable, Sendable, Equatable {
    /// Version of this shape; bumped when a key changes meaning or disappears.
    public var planVersion = 1
    /// The destination URL, without credentials.
    public var destination: String
    /// The archives read, in restore order (`-` for a stream).
    public var archives: [String]
    /// When the plan was made (ns): retention cut-offs are counted from here.
    public var evaluatedAt: Int64
    /// `--start` / `--end`, when given.
    public var start: Int64?
    public var end: Int64?
    public var databases: [Database] = []
    public var retentionWarnings: [RetentionWarning] = []
    public var fieldTypeConflicts: [FieldTypeConflict] = []
    /// With `--with-cqs`: each archived continuous query and what would happen to it.
    public var continuousQueries: [ContinuousQueryAction]?
    /// With `--with-users`: each archived user and what would happen to it.
    public var users: [UserAction]?
    /// Points that would be written, summed over `databases`.
    public var totals = Totals()

    public init(destination: String, archives: [String], evaluatedAt: Int64, start: Int64?, end: Int64?) {
        self.destination = destination
        self.archives = archives
        self.evaluatedAt = evaluatedAt
        self.start = start
        self.end = end
    }

    /// Something the operator should look at before restoring (none of it is an error).
    public var warningCount: Int {
        retentionWarnings.count + fieldTypeConflicts.count
            + databases.reduce(0) { $0 + $1.retentionPolicies.filter { $0.action == .differs }.count }
            + (continuousQueries ?? []).filter { $0.reason != nil }.count
            + (users ?? []).reduce(0) { $0 + $1.warnings.count }
    }

    public enum Action: String, Codable, Sendable {
        /// Would be created.
        case create
        /// An RP of a database the restore creates, changed to the archived settings.
        case alter
        /// Exists as archived (or, for a database, exists): used as is.
        case exists
        /// Exists with other settings (RP) or another text (CQ): left as is.
        case differs
        /// Would not be created: the reason says why (CQs).
        case refuse
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var segments = 0
        public var points: Int64 = 0
        /// Decompressed line protocol of those segments (whole segments, before the time filter).
        public var rawBytes: Int64 = 0
    }

    public struct Database: Codable, Sendable, Equatable {
        /// The archived name and the name it is restored as.
        public var source: String
        public var target: String
        /// `create` or `exists`.
        public var action: Action
        public var retentionPolicies: [RetentionPolicy] = []
        /// The schema statements a restore would run on this database, in order.
        public var statements: [String] = []
    }

    public struct RetentionPolicy: Codable, Sendable, Equatable {
        public var name: String
        public var action: Action
        public var archived: RetentionPolicySettings
        /// What the destination has now; nil when the RP (or its database) does not exist yet.
        public var destination: RetentionPolicySettings?
        /// Measurements with points to write, sorted by name.
        public var measurements: [Measurement] = []
    }

    public struct Measurement: Codable, Sendable, Equatable {
        public var name: String
        public var segments: Int
        /// Exact: segments the time filter cuts were read and their points counted.
        public var points: Int64
        public var rawBytes: Int64
    }

    /// Points the server would drop on write: older than now − the destination RP's duration.
    public struct RetentionWarning: Codable, Sendable, Equatable {
        public var database: String
        public var retentionPolicy: String
        public var measurement: String
        /// The RP's duration on the destination (or as it would be created), ns.
        public var duration: Int64
        /// Points before this time (ns) are dropped.
        public var cutoff: Int64
        /// Exact count (segments across the cut-off were read).
        public var points: Int64
        public var segments: Int
    }

    /// A field whose archived type differs from a type the destination already has for it in the
    /// same RP and measurement (SHOW FIELD KEYS): points in a shard group where the destination
    /// holds the other type are refused by the server.
    public struct FieldTypeConflict: Codable, Sendable, Equatable {
        public var database: String
        public var retentionPolicy: String
        public var measurement: String
        public var field: String
        public var archiveTypes: [FieldType]
        public var destinationTypes: [FieldType]
        /// Segments holding the field with a conflicting type, and their points (an upper bound
        /// of the points at risk: not every point of a segment carries the field).
        public var segments: Int
        public var points: Int64
    }

    public struct ContinuousQueryAction: Codable, Sendable, Equatable {
        public var database: String
        public var name: String
        public var action: Action
        /// The statement that would run (create), or the archived text (refuse, exists, differs).
        public var query: String
        public var reason: String?
    }

    public struct UserAction: Codable, Sendable, Equatable {
        public var name: String
        public var admin: Bool
        /// `create` or `exists`.
        public var action: Action
        /// Created with a random password nobody knows: the operator must set one.
        public var disabled: Bool
        /// Privileges that would be granted, on target database names.
        public var grants: [Manifest.Privilege]
        public var warnings: [String]
    }
}
