import ArchiveFormat
import Dump
import Foundation
import LineProtocol
import Metrics
import ObjectStorage

/// One backup job, as read from a YAML job file (README §Job files has the full reference).
public struct JobConfig: Sendable {
    public enum PasswordSource: Sendable, Equatable {
        case none
        case environment(String)
        case file(String)
        /// Accepted for compatibility, with a warning: a password in a file anyone may copy.
        case literal(String)
    }

    public struct Endpoint: Sendable {
        public var url: String
        public var username: String?
        public var password: PasswordSource = .none
        public var caCert: String?
        public var insecureSkipVerify = false
    }

    public struct DatabaseMapping: Sendable, Equatable {
        public var name: String
        public var destination: String
    }

    public enum Target: Sendable {
        /// Dump into `path/<job>/<timestamp>/`; afterwards prune with `prune` (keep_last,
        /// keep_daily, keep_within; chains kept whole) unless it is empty. An incremental job
        /// starts a new chain (a full archive) once its chain's base is `fullEvery` old (ns):
        /// without it the folder is one chain, which pruning can never shorten.
        case archive(path: String, prune: PrunePolicy, fullEvery: Int64?)
        /// Copy into a server, in-process, nothing on disk.
        case server(Endpoint)
    }

    public enum Mode: Sendable {
        case range(start: Int64?, end: Int64?)
        case incremental(schedule: CronExpression?, timeZone: TimeZone, fallbackDays: Int, lookback: Int64)
    }

    public struct Options: Sendable {
        public var chunk: Int64?
        public var retries = 5
        public var retryDelay: Double = 0.5
        public var timeout = 300
        public var jobs = 2
        public var compressionLevel: Int32 = 1
        /// `query_shape`: see `DumpOptions.queryShape`.
        public var queryShape: QueryShapeOption = .auto
        public var validate = false
        public var obsoleteAfter: Int64?
        /// Rate limits of the dump (and of the writes, for a server target).
        public var maxPointsPerSecond: Int?
        public var maxBytesPerSecond: Int64?
    }

    public struct Logging: Sendable {
        public enum Rotation: Sendable, Equatable { case daily, size(Int64) }
        public var level = "info"
        public var file: String?
        public var rotation: Rotation?
        public var keep = 7
        public var lokiURL: String?
        public var lokiLabels: [String: String] = [:]
    }

    /// Where each run's metrics go (README §Metrics).
    public struct Metrics: Sendable {
        public struct Influx: Sendable {
            public var endpoint: Endpoint
            public var database: String
        }
        public var pushgateway: String?
        public var influx: Influx?
    }

    /// The job file, as given (used in messages).
    public var file: String
    public var name: String
    public var source: Endpoint
    public var databases: [DatabaseMapping]
    public var retentionPolicies: [String]
    public var target: Target
    public var mode: Mode
    public var options = Options()
    public var measurements = NameFilter()
    public var fields = FieldFilter()
    public var logging = Logging()
    public var metrics = Metrics()
    /// `target.archive.s3`: endpoint, region, storage class and object lock of an `s3://` path.
    public var objectStorage = S3Options()
    /// `target.archive.encryption`: age recipients to encrypt every run to, and an identity file
    /// that lets the job resume an interrupted encrypted run and validate what it wrote.
    public var encryption = Encryption()

    public struct Encryption: Sendable, Equatable {
        public var recipients: [String] = []
        public var recipientsFile: String?
        public var identityFile: String?
        public var isEmpty: Bool { recipients.isEmpty && recipientsFile == nil }
    }
    /// The Python toolkit's file shapes that `JobConfigLoader` reads as they are.
    public enum LegacyShape: String, Sendable {
        /// (a) One job per file: `source`, `destination`, `mode`, `start_date`, `options`, ….
        case perJob = "one job per file"
        /// (b) `<process name>: {source_server, destination_server, backup_config, logging}`.
        case process = "process file"
    }

    /// Set when the file was written for the Python toolkit (`config convert` prints the native file).
    public var legacyShape: LegacyShape?
    /// Non-fatal remarks found while loading (a literal password, …), each `file:line:col: …`.
    public var warnings: [String] = []

    public var isScheduled: Bool {
        if case .incremental(let s, _, _, _) = mode { return s != nil }
        return false
    }
}
