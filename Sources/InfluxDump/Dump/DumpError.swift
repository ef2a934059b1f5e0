/// Errors of planning and running a dump that are not transport or archive errors.
public enum DumpError: Error, Equatable, CustomStringConvertible, Sendable {
    case noSuchDatabase(String)
    case noSuchRetentionPolicy(database: String, name: String)
    case unexpectedSchema(query: String, problem: String)
    case badShardTime(String)
    /// Some data could not be written as line protocol; the archive records each case.
    case unrepresentable(count: Int64)
    case failed(task: String, underlying: String)

    public var description: String {
        switch self {
        case let .noSuchDatabase(db): return "database \(db) not found on the source server"
        case let .noSuchRetentionPolicy(db, rp): return "retention policy \(rp) not found in database \(db)"
        case let .unexpectedSchema(q, p): return "unexpected answer to \(q): \(p)"
        case let .badShardTime(t): return "cannot read shard time \(t)"
        case let .unrepresentable(n): return "\(n) point(s) could not be saved exactly (data line protocol cannot carry, or a server limitation); each case is listed under findings in manifest.json"
        case let .failed(task, u): return "\(task): \(u)"
        }
    }
}
