import Foundation
import Logging

/// swift-log handler writing `time level [job] message key=value…` lines to a job's own file.
public struct FileLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let file: RotatingLogFile
    private let label: String

    public init(label: String, file: RotatingLogFile) {
        self.label = label
        self.file = file
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = Timestamp.format(Int64(Date().timeIntervalSince1970 * 1000) * 1_000_000)
        file.write("\(stamp) \(event.level) [\(label)] \(event.message)\(meta)")
    }
}
