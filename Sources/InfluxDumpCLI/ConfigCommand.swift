import ArgumentParser
import Foundation
import InfluxDump

/// `influxdump config convert FILE`: job files, read and rewritten.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with job files: convert one written for the Python toolkit to the native form.",
        subcommands: [Convert.self])

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",
            abstract: "Print the native job file equivalent to a job file (either shape of the Python toolkit's, or native).",
            discussion: """
                Reads FILE as `run` does and prints, on stdout, a native job file that runs the same job; \
                what was ignored or warned about is listed in comments at the top and on stderr. A \
                password written in FILE is never printed: the output reads it from an environment \
                variable (password_env) that it names, with a comment; set it, or use password_file. \
                `run` keeps reading the old file as it is, so migrating is optional.

                EXAMPLES:
                  influxdump config convert old/copy.yaml > config/copy.yaml
                  influxdump run config/ --validate-only

                \(ExitStatus.helpText)
                """)

        @Argument(help: ArgumentHelp("A job file.", valueName: "file"))
        var file: String

        func run() throws {
            let job: JobConfig
            do { job = try JobConfigLoader.load(file: file) } catch { throw UsageError("\(error)") }
            for w in job.warnings { Console.warn(w) }
            FileHandle.standardOutput.write(Data(NativeJobFile.render(job).utf8))
        }
    }
}
