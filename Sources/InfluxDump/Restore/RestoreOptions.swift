/// Everything a restore needs to know.
public struct RestoreOptions: Sendable {
    public var destination: ClientConfiguration
    /// Target name when the archive holds one database.
    public var database: String? = nil
    /// Source name → target name.
    public var databaseMap: [String: String] = [:]
    public var retentionPolicies: [String] = []
    public var measurements: [String] = []
    public var start: Int64? = nil
    public var end: Int64? = nil
    public var jobs: Int = 2
    /// Points per /write request (the server rejects requests over ~1 M points whole).
    public var batchSize: Int = 5_000
    /// Bytes per /write request (the server's max-body-size is 25 MB).
    public var batchBytes: Int = 4 << 20
    public var retry = RetryPolicy()
    /// Segments already applied (resume) are skipped, and applied ones are recorded here.
    public var journal: RestoreJournal? = nil
    /// Restore the rest when a segment is damaged, and list what was skipped (exit 1).
    public var skipCorrupt = false
    /// Live counters for a progress display (points, bytes of line protocol of the segments to write).
    public var progress: TransferProgress? = nil
    /// Upper bounds on the write rate (nil: as fast as the server accepts).
    public var throttle: Throttle? = nil

    public init(destination: ClientConfiguration) { self.destination = destination }

    /// The target database for an archived one, or nil when the archive's database is filtered out.
    /// `recorded` is the archive's own default (a job's `destination`).
    public func target(for source: String, archiveDatabases: [String], recorded: [String: String] = [:]) throws -> String {
        if let mapped = databaseMap[source] { return mapped }
        if let single = database {
            guard archiveDatabases.count == 1 else { throw RestoreError.ambiguousDatabase(archiveDatabases) }
            return single
        }
        return recorded[source] ?? source
    }

    func accepts(_ s: Manifest.Segment) -> Bool {
        if !retentionPolicies.isEmpty && !retentionPolicies.contains(s.retentionPolicy) { return false }
        if !measurements.isEmpty && !measurements.contains(s.measurement) { return false }
        if let start, s.maxTime < start { return false }
        if let end, s.minTime >= end { return false }
        return true
    }
}
