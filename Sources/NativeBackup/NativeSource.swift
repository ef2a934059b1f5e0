/// Where a dump from native files reads: an `influxd backup -portable` folder (`BackupFolder`)
/// or the data directory of a stopped server (`DataDirectory`).
public protocol NativeSource: Sendable {
    var path: String { get }
    var kind: NativeSourceKind { get }
    var meta: MetaSnapshot { get }
    /// When the source was taken: the backup's time, or a data directory's newest change (RFC 3339 UTC).
    var takenAt: String { get }
    /// Whether the source holds the files of shard `id`.
    func holds(_ id: UInt64) -> Bool
    /// The shard's files, unpacked under `workFolder` if they must be.
    func openShard(_ id: UInt64, workFolder: String) throws(NativeBackupError) -> ShardFiles
}

public enum NativeSourceKind: String, Sendable {
    case portableBackup = "influxd-backup-portable"
    case dataDirectory = "influxd-data-dir"
}
