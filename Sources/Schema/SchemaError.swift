/// Errors of reading a server's schema (databases, RPs, shards) that are not transport errors.
public enum SchemaError: Error, Equatable, CustomStringConvertible, Sendable {
    case noSuchDatabase(String)
    case noSuchRetentionPolicy(database: String, name: String)
    case unexpectedSchema(query: String, problem: String)
    case badShardTime(String)

    public var description: String {
        switch self {
        case let .noSuchDatabase(db): return "database \(db) not found on the source server"
        case let .noSuchRetentionPolicy(db, rp): return "retention policy \(rp) not found in database \(db)"
        case let .unexpectedSchema(q, p): return "unexpected answer to \(q): \(p)"
        case let .badShardTime(t): return "cannot read shard time \(t)"
        }
    }
}
