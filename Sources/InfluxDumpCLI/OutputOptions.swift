import ArgumentParser
import Foundation
import InfluxDump
import Logging

/// Verbosity flags shared by every command.
struct OutputOptions: ParsableArguments {
    @Flag(name: [.customShort("q"), .long], help: "Only warnings and errors.")
    var quiet = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "auto (a live line per transfer when stderr is a terminal), live, plain (a line every 10 s, for logs) or off. Always on stderr; --quiet turns it off.",
            valueName: "mode"))
    var progress: String = "auto"

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String = "info"

    @Option(help: ArgumentHelp("Octal umask for the files and folders written (077: files 0600, folders 0700).", valueName: "mask"))
    var umask: String = "077"

    /// Applies --umask to the process; throws a usage error for a bad value.
    func applyUmask() throws {
        guard let mask = mode_t(umask, radix: 8), mask <= 0o777 else {
            throw UsageError("--umask \"\(umask)\": expected an octal mask such as 077 or 027")
        }
        FileModes.set(umask: mask)
    }

    /// The progress display asked for, or nil when it is off.
    func progressDisplay() throws -> ProgressDisplay? {
        guard let mode = ProgressDisplay.Mode(rawValue: progress) else {
            throw UsageError("--progress \"\(progress)\": expected auto, live, plain or off")
        }
        return ProgressDisplay.make(mode: mode, quiet: quiet)
    }

    /// The console's log level; also tells `Console` whether info lines are wanted.
    func level() throws -> Logger.Level {
        Console.quiet = quiet
        if quiet { return .warning }
        guard let l = LogLevelName.parse(logLevel) else {
            throw UsageError("--log-level \"\(logLevel)\": expected trace, debug, info, notice, warning, error or critical")
        }
        return l
    }
}
