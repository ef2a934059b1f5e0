extension Manifest {
    /// Where the points came from when not from a server's HTTP API.
    public struct Source: Codable, Sendable, Equatable {
        public static let portableBackup = "influxd-backup-portable"

        public init(kind: String, path: String, takenAt: String) {
            self.kind = kind
            self.path = path
            self.takenAt = takenAt
        }

        /// `influxd-backup-portable`: an `influxd backup -portable` folder read offline.
        public var kind: String
        /// The folder as given.
        public var path: String
        /// When the backup was taken, as its file names say (UTC, RFC 3339).
        public var takenAt: String
    }
}
