import NativeBackup

extension NativeSourceKind {
    /// What the manifest's `server.version` says of the source.
    var serverVersion: String { self == .portableBackup ? "influxd backup -portable" : "influxd data directory" }

    /// What notes call the source.
    var noun: String { self == .portableBackup ? "backup" : "data directory" }
}
