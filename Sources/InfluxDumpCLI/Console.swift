import Foundation
import InfluxDump
import Logging

/// Log set-up and messages for the CLI: human-readable lines on stderr (stdout may carry a data
/// stream or a JSON result). Everything written to stderr goes through here, so a live progress
/// display can be cleared before a line and redrawn after it.
enum Console {
    nonisolated(unsafe) private static var bootstrapped = false
    nonisolated(unsafe) private static var display: ProgressDisplay? = nil
    /// `-q`: `info` lines (summaries, steps) are not written; `say` and `warn` lines still are.
    nonisolated(unsafe) static var quiet = false
    private static let lock = NSLock()

    static func logger(level: Logger.Level) -> Logger {
        lock.lock()
        if !bootstrapped {
            LoggingSystem.bootstrap { label in ConsoleLogHandler(label: label) }
            bootstrapped = true
        }
        lock.unlock()
        var logger = Logger(label: "influxdump")
        logger.logLevel = level
        return logger
    }

    static func warn(_ message: String) {
        write("influxdump: warning: " + message + "\n")
    }

    /// A summary or a step, for people watching: left out with `-q`.
    static func info(_ message: String) {
        if quiet { return }
        say(message)
    }

    /// Something the operator must see even with `-q` (what to do next, what was skipped).
    static func say(_ message: String) {
        write("influxdump: " + message + "\n")
    }

    /// Writes to stderr, clearing the live progress lines first (the next tick redraws them).
    static func write(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        let erase = display?.erase() ?? ""
        FileHandle.standardError.write(Data((erase + text).utf8))
    }

    static func attach(_ d: ProgressDisplay) {
        lock.lock(); defer { lock.unlock() }
        display = d
    }

    static func detach(_ d: ProgressDisplay) {
        lock.lock(); defer { lock.unlock() }
        guard display === d else { return }
        FileHandle.standardError.write(Data(d.erase().utf8))
        display = nil
    }

    static func redraw(_ d: ProgressDisplay) {
        lock.lock(); defer { lock.unlock() }
        guard display === d else { return }
        FileHandle.standardError.write(Data(d.frame(width: terminalWidth()).utf8))
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 100 }
        return Int(size.ws_col)
    }

    /// Whether stdout/stderr may be coloured: a terminal, and no NO_COLOR (https://no-color.org).
    static func colours(fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["NO_COLOR"].map({ $0.isEmpty }) ?? true else { return false }
        return isatty(fd) == 1 && environment["TERM"] != "dumb"
    }
}
