import Foundation
import InfluxDump
import Logging

/// Log set-up and messages for the CLI: human-readable lines on stderr (stdout may carry a data stream).
enum Console {
    nonisolated(unsafe) private static var bootstrapped = false
    private static let lock = NSLock()

    static func logger(level: Logger.Level) -> Logger {
        lock.lock()
        if !bootstrapped {
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
            bootstrapped = true
        }
        lock.unlock()
        var logger = Logger(label: "influxdump")
        logger.logLevel = level
        return logger
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data(("influxdump: warning: " + message + "\n").utf8))
    }

    static func say(_ message: String) {
        FileHandle.standardError.write(Data(("influxdump: " + message + "\n").utf8))
    }
}
