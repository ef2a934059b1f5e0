import ArgumentParser
import Logging

/// Verbosity flags shared by every command.
struct OutputOptions: ParsableArguments {
    @Flag(name: [.customShort("q"), .long], help: "Only warnings and errors.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String = "info"

    func level() throws -> Logger.Level {
        if quiet { return .warning }
        guard let l = Logger.Level(rawValue: logLevel) else {
            throw UsageError("--log-level \"\(logLevel)\": expected trace, debug, info, notice, warning, error or critical")
        }
        return l
    }
}

