import ArchiveFormat

/// Errors of a restore that are not transport or archive errors.
public enum RestoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case ambiguousDatabase([String])
    case unknownMappedDatabase(String)
    case noSelectedDatabase(patterns: [String], archived: [String])
    /// `--with-users`, but the archive has no users (older influxdump, or no admin privilege).
    case usersNotRecorded(note: String?)
    case unknownPasswordUser(String)
    case continuousQueriesNotRecorded
    /// The message never holds the password.
    case userNotCreated(user: String, message: String)
    case continuousQueriesRefused(count: Int)
    case segmentContent(path: String, problem: String)
    /// The server refused some points (type conflict, beyond retention…). The rest was written.
    case refused(points: Int64, segments: Int)
    case skippedCorrupt(segments: Int)
    /// `--input -` with other inputs: the stream is one archive on its own.
    case stdinWithOtherInputs
    /// The server refused a batch for one of its limits (`setting` in `[data]` of influxdb.conf):
    /// every later batch with new series would be refused too, so the restore stops.
    case serverLimit(segment: String, database: String, setting: String, message: String)

    /// The `[data]` setting a refusal names (InfluxDB 1.x: `max-series-per-database limit
    /// exceeded: (N)`, `max-values-per-tag limit exceeded (N/N): …`), or nil.
    public static func limitSetting(_ message: String) -> String? {
        ["max-series-per-database", "max-values-per-tag"].first { message.contains("\($0) limit exceeded") }
    }

    public var description: String {
        switch self {
        case let .ambiguousDatabase(dbs):
            return
                "--database names one target but \(dbs.count) archived databases are selected (\(dbs.joined(separator: ", "))); pick one with --source-database or use --database-map SRC=DST"
        case let .noSelectedDatabase(patterns, archived):
            return
                "--source-database \(patterns.joined(separator: ", ")) selects none of the archived databases (\(archived.joined(separator: ", ")))"
        case let .unknownMappedDatabase(db): return "--database-map names \(db), which is not in the archive"
        case let .usersNotRecorded(note):
            return "--with-users: the archive has no users recorded (\(note ?? "dumped by an influxdump that did not save them"))"
        case .continuousQueriesNotRecorded:
            return "--with-cqs: the archive has no continuous queries recorded (\(Manifest.continuousQueriesNotSaved))"
        case let .unknownPasswordUser(u): return "--user-password names \(u), who is not among the archived users this restore creates"
        case let .userNotCreated(user, message): return "user \(user) could not be created: \(message)"
        case let .continuousQueriesRefused(n):
            return "\(n) continuous quer\(n == 1 ? "y was" : "ies were") not recreated (listed above); the rest was restored"
        case let .segmentContent(path, problem): return "segment \(path): \(problem)"
        case let .refused(points, segments):
            return "the server refused \(points) point(s) in \(segments) segment(s); see the lines above for the reasons"
        case let .skippedCorrupt(n): return "\(n) damaged segment(s) were skipped (listed above); the rest was restored"
        case .stdinWithOtherInputs: return "--input - cannot be combined with other inputs"
        case let .serverLimit(segment, database, setting, message):
            return
                "segment \(segment): database \(database): the server refused the batch: \(message); raise \(setting) in the [data] section of the destination's influxdb.conf (0 = no limit) and restart influxd, then run the same restore again (points already written stay, and writing them again changes nothing)"
        }
    }
}
