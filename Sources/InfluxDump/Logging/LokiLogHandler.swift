import Logging

/// swift-log handler that forwards lines to a `LokiPusher`, labelled with the job and, when a
/// log line carries one, its database.
public struct LokiLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let pusher: LokiPusher
    private let defaultDatabase: String

    public init(pusher: LokiPusher, defaultDatabase: String) {
        self.pusher = pusher
        self.defaultDatabase = defaultDatabase
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let database = all["database"].map { "\($0)" } ?? defaultDatabase
        pusher.push("level=\(event.level) \(event.message)\(meta)", labels: ["database": database, "level": event.level.rawValue])
    }
}
