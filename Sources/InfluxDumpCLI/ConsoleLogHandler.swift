import Foundation
import InfluxDump
import Logging

/// Log lines on stderr, written through `Console` so they never tear a live progress line:
/// `2026-11-21T22:47:00Z warning influxdump[nightly]: retrying query window=… attempt=1`.
struct ConsoleLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = JobLogHandler.fields(metadata, event.metadata).text
        let time = Timestamp.format(Timestamp.wholeSeconds())
        Console.write("\(time) \(event.level) \(label): \(event.message)\(fields)\n")
    }
}
