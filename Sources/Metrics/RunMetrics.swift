import Foundation

/// The numbers of one finished dump, restore or job run for one database: what the Pushgateway
/// and the metrics database receive. A run that covers several databases yields one value per
/// database (one Pushgateway group each), so a failure in one can be told from the others.
public struct RunMetrics: Sendable, Equatable {
    public enum Operation: String, Sendable, CaseIterable {
        case dump, restore, job
    }

    /// The `job` label when a run has no job name (a plain `dump` or `restore`).
    public static let defaultJob = "influxdump"

    public var operation: Operation
    /// The job file's `name`; nil for a plain dump or restore (labelled `influxdump`).
    public var job: String?
    /// The source database for dumps and jobs, the destination database for restores; empty when
    /// a failed run never learnt which databases it covered.
    public var database: String
    public var seconds: Double
    public var points: Int64
    /// Line-protocol bytes: written into segments (dump) or sent to the server (restore).
    public var rawBytes: Int64
    /// zstd bytes: of the segments written (dump) or read (restore).
    public var compressedBytes: Int64
    public var segments: Int
    public var succeeded: Bool
    public var finishedAt: Date

    public init(
        operation: Operation, job: String?, database: String, seconds: Double, points: Int64 = 0, rawBytes: Int64 = 0,
        compressedBytes: Int64 = 0, segments: Int = 0, succeeded: Bool, finishedAt: Date
    ) {
        self.operation = operation
        self.job = job
        self.database = database
        self.seconds = seconds
        self.points = points
        self.rawBytes = rawBytes
        self.compressedBytes = compressedBytes
        self.segments = segments
        self.succeeded = succeeded
        self.finishedAt = finishedAt
    }

    /// The `job` label: the job name, or `influxdump`.
    public var jobLabel: String { job ?? Self.defaultJob }
}
