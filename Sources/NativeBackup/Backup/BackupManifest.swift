import Foundation

/// `<stamp>.manifest`, the JSON index of one `influxd backup -portable` run: the metastore file
/// and one `<stamp>.s<id>.tar.gz` per shard (InfluxDB 1.5+, `cmd/influxd/backup_util`).
public struct BackupManifest: Codable, Sendable, Equatable {
    public struct Meta: Codable, Sendable, Equatable {
        public var fileName: String
        /// Of the metastore's bytes inside the file, not of the file.
        public var size: Int64
    }

    public struct Shard: Codable, Sendable, Equatable {
        public var database: String
        public var policy: String
        public var shardID: UInt64
        public var fileName: String
        /// Of the uncompressed tar.
        public var size: Int64
        /// Always 0 in portable backups; the newest manifest naming a shard wins.
        public var lastModified: Int64
    }

    public var meta: Meta
    /// True when the backup was limited to a database, RP or shard (then those are set).
    public var limited: Bool
    public var files: [Shard]
    public var database: String?
    public var policy: String?
    public var shardID: UInt64?

    enum CodingKeys: String, CodingKey {
        case meta, limited, files, database, policy
        case shardID = "shard_id"
    }

    public init(meta: Meta, limited: Bool, files: [Shard], database: String? = nil, policy: String? = nil, shardID: UInt64? = nil) {
        self.meta = meta
        self.limited = limited
        self.files = files
        self.database = database
        self.policy = policy
        self.shardID = shardID
    }

    /// Reads and decodes `path`.
    public static func load(path: String) throws(NativeBackupError) -> BackupManifest {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .io(path: path, operation: "read", message: "\(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw .manifestUnreadable(path: path, message: Self.describe(error))
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing key \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        default: return "\(error)"
        }
    }
}

extension BackupManifest {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        meta = try c.decode(Meta.self, forKey: .meta)
        limited = try c.decodeIfPresent(Bool.self, forKey: .limited) ?? false
        // `files` is null in the JSON of a backup with no shards.
        files = try c.decodeIfPresent([Shard].self, forKey: .files) ?? []
        database = try c.decodeIfPresent(String.self, forKey: .database)
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
        shardID = try c.decodeIfPresent(UInt64.self, forKey: .shardID)
    }
}
