import Foundation
import LineProtocol
import Logging
import Restore
import Support

/// swift-log handler for one job's own outputs: its log file (`time level [job] message k=v…`)
/// or Loki (labelled with the job's labels and the line's database, when it carries one).
public struct JobLogHandler: LogHandler {
    public enum Destination: Sendable {
        case file(RotatingLogFile, label: String)
        case loki(LokiPusher, defaultDatabase: String)
    }

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let destination: Destination

    public init(_ destination: Destination) { self.destination = destination }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let (all, meta) = Self.fields(metadata, event.metadata)
        switch destination {
        case let .file(file, label):
            let stamp = Timestamp.format(Int64(Date().timeIntervalSince1970 * 1000) * 1_000_000)
            file.write("\(stamp) \(event.level) [\(label)] \(event.message)\(meta)")
        case let .loki(pusher, defaultDatabase):
            let database = all["database"].map { "\($0)" } ?? defaultDatabase
            pusher.push("level=\(event.level) \(event.message)\(meta)", labels: ["database": database, "level": event.level.rawValue])
        }
    }

    /// The handler's metadata with the event's over it, and as text: ` key=value …`, sorted.
    public static func fields(_ metadata: Logger.Metadata, _ event: Logger.Metadata?) -> (all: Logger.Metadata, text: String) {
        let all = metadata.merging(event ?? [:]) { _, new in new }
        return (all, all.keys.sorted().map { " \($0)=\(all[$0]!)" }.joined())
    }
}
