/// Errors of a restore that are not transport or archive errors.
public enum RestoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case ambiguousDatabase([String])
    case unknownMappedDatabase(String)
    case noSelectedDatabase(patterns: [String], archived: [String])
    case segmentContent(path: String, problem: String)
    /// The server refused some points (type conflict, beyond retention…). The rest was written.
    case refused(points: Int64, segments: Int)
    case skippedCorrupt(segments: Int)

    public var description: String {
        switch self {
        case let .ambiguousDatabase(dbs): return "--database names one target but \(dbs.count) archived databases are selected (\(dbs.joined(separator: ", "))); pick one with --source-database or use --database-map SRC=DST"
        case let .noSelectedDatabase(patterns, archived): return "--source-database \(patterns.joined(separator: ", ")) selects none of the archived databases (\(archived.joined(separator: ", ")))"
        case let .unknownMappedDatabase(db): return "--database-map names \(db), which is not in the archive"
        case let .segmentContent(path, problem): return "segment \(path): \(problem)"
        case let .refused(points, segments): return "the server refused \(points) point(s) in \(segments) segment(s); see the lines above for the reasons"
        case let .skippedCorrupt(n): return "\(n) damaged segment(s) were skipped (listed above); the rest was restored"
        }
    }
}
