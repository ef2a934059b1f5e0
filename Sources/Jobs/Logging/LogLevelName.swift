import Logging

/// Log level names as people write them: swift-log's (`info`, `warning`) in any case, and the
/// Python logging module's (`WARN`, `FATAL`) that the toolkit influxdump replaces used.
public enum LogLevelName {
    public static func parse(_ text: String) -> Logger.Level? {
        switch text.lowercased() {
        case "warn": return .warning
        case "fatal": return .critical
        case let s: return Logger.Level(rawValue: s)
        }
    }
}
