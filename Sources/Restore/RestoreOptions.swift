import ArchiveFormat
import InfluxAPI
import LineProtocol
import Schema
import Support

/// Everything a restore needs to know.
public struct RestoreOptions: Sendable {
    public var destination: ClientConfiguration
    /// Target name when the archive holds one database (or `sourceDatabases` selects one).
    public var database: String? = nil
    /// Source name → target name.
    public var databaseMap: [String: String] = [:]
    /// Archived databases to restore (names or /regex/; empty: all). Others are not created.
    public var sourceDatabases = NameFilter()
    public var retentionPolicies = NameFilter()
    /// Recreate the archived continuous queries (renamed to the target databases).
    public var withContinuousQueries = false
    /// Create the archived users and grant their privileges on the target databases.
    public var withUsers = false
    /// User → password for users `withUsers` creates; others get a random one nobody knows.
    public var userPasswords: [String: String] = [:]
    public var measurements = NameFilter()
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

    /// Opens `s3://…` inputs (directories need nothing).
    public var storage = ArchiveStorage.local
    public init(destination: ClientConfiguration) { self.destination = destination }

    /// Everything that can be refused about an archive before anything is written: its
    /// databases' targets and, when asked for, recorded CQs and users. Returns the targets.
    @discardableResult
    public func check(_ header: Manifest) throws -> [(database: Manifest.Database, target: String)] {
        let selected = try targets(for: header)
        try SchemaObjects.check(header, selected: selected, options: self)
        return selected
    }

    /// The archived databases selected by `sourceDatabases`, each with its target name, in
    /// archive order. Throws when a map names a database the archive lacks, when the filter
    /// selects nothing, or when `database` is given but more than one database is selected.
    public func targets(for header: Manifest) throws -> [(database: Manifest.Database, target: String)] {
        let names = header.databases.map(\.name)
        for src in databaseMap.keys.sorted() where !names.contains(src) { throw RestoreError.unknownMappedDatabase(src) }
        let selected = header.databases.filter { sourceDatabases.accepts($0.name) }
        if selected.isEmpty && !sourceDatabases.isEmpty {
            throw RestoreError.noSelectedDatabase(patterns: sourceDatabases.include.map(\.text), archived: names)
        }
        let recorded = header.parameters.destinations ?? [:]
        return try selected.map { db in
            (db, try target(for: db.name, selectedDatabases: selected.map(\.name), recorded: recorded))
        }
    }

    /// The target database for a selected archived one. `recorded` is the archive's own
    /// default (a job's `destination`).
    func target(for source: String, selectedDatabases: [String], recorded: [String: String] = [:]) throws -> String {
        if let mapped = databaseMap[source] { return mapped }
        if let single = database {
            guard selectedDatabases.count == 1 else { throw RestoreError.ambiguousDatabase(selectedDatabases) }
            return single
        }
        return recorded[source] ?? source
    }

    func accepts(_ s: Manifest.Segment) -> Bool {
        if !sourceDatabases.accepts(s.database) { return false }
        if !retentionPolicies.accepts(s.retentionPolicy) { return false }
        if !measurements.accepts(s.measurement) { return false }
        if let start, s.maxTime < start { return false }
        if let end, s.minTime >= end { return false }
        return true
    }
}
