/// Errors of reading an `influxd backup -portable` folder. Each names the file, and where it can
/// the shard and the TSM key, it is about.
public enum NativeBackupError: Error, Equatable, CustomStringConvertible, Sendable {
    case io(path: String, operation: String, message: String)
    /// The folder holds no `*.manifest` of a portable backup.
    case notABackup(path: String)
    case manifestUnreadable(path: String, message: String)
    case metaUnreadable(path: String, message: String)
    /// A file a manifest names is missing from the folder.
    case missingFile(path: String, message: String)
    case archiveUnreadable(path: String, message: String)
    /// A TSM file whose header, footer or index is not what TSM v1 is.
    case tsmUnreadable(path: String, message: String)
    /// A block whose CRC-32 does not match, or that does not decode.
    case damagedBlock(path: String, key: String, message: String)
    case tombstoneUnreadable(path: String, message: String)
    /// A data directory a running process has open (its files change under a reader).
    case inUse(path: String, pid: Int32, command: String)
    /// A folder that is not a server's data directory (no `meta/meta.db`).
    case notADataDirectory(path: String)
    /// A shard that two backup runs of one folder hold (a full run and a `-since` run).
    case severalRuns(path: String, shardID: UInt64, runs: [String])
    /// A database asked for that the backup does not hold.
    case unknownDatabase(path: String, name: String, known: [String])

    public var description: String {
        switch self {
        case let .io(path, op, message): return "\(path): \(op) failed: \(message)"
        case let .notABackup(path):
            return "\(path): not an `influxd backup -portable` folder (no *.manifest); take one with `influxd backup -portable DIR`"
        case let .manifestUnreadable(path, m): return "\(path): unreadable backup manifest: \(m)"
        case let .metaUnreadable(path, m): return "\(path): unreadable metastore backup: \(m)"
        case let .missingFile(path, m): return "\(path): \(m)"
        case let .archiveUnreadable(path, m): return "\(path): unreadable shard archive: \(m)"
        case let .tsmUnreadable(path, m): return "\(path): unreadable TSM file: \(m)"
        case let .damagedBlock(path, key, m): return "\(path): key \(key): damaged block: \(m)"
        case let .tombstoneUnreadable(path, m): return "\(path): unreadable tombstone file: \(m)"
        case let .inUse(path, pid, command):
            return
                "\(path): in use by process \(pid) (\(command)): a running server's compactions delete files under a reader; stop it first, or take `influxd backup -portable` and use --from-backup"
                .replacingOccurrences(of: "process 0 (", with: "a process (")
        case let .notADataDirectory(path):
            return
                "\(path): not an InfluxDB 1.x data directory (no meta/meta.db); give the folder that holds meta, data and wal (e.g. /var/lib/influxdb)"
        case let .severalRuns(path, id, runs):
            return
                "\(path): shard \(id) is in more than one backup run (\(runs.sorted().joined(separator: ", "))); a `-since` run holds only what changed, so no single copy is the whole shard: dump each run from a folder of its own, or take one full `influxd backup -portable`"
        case let .unknownDatabase(path, name, known):
            return "\(path): holds no database \(name) (it holds: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        }
    }
}
