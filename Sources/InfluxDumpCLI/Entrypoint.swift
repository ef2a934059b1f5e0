import ArgumentParser
import Foundation
import InfluxDump

/// Parses arguments, runs the command and maps every outcome to one exit code and, for errors,
/// one line on stderr: `influxdump: <what went wrong>`.
public enum Entrypoint {
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        // A closed pipe (`dump -o - | head`) must be an error we report, not a silent kill.
        signal(SIGPIPE, SIG_IGN)
        // A file-size limit must surface as a write error naming the file, not a kill.
        signal(SIGXFSZ, SIG_IGN)
        exit(run(arguments).rawValue)
    }

    /// Runs one command line and returns its exit status.
    public static func run(_ arguments: [String]) -> ExitStatus {
        let (status, message) = execute(arguments)
        if let message {
            if status == .success { print(message) } else { Console.say(message) }
        }
        return status
    }

    /// Runs one command line; returns its status and the text to print (help on stdout, an
    /// error line on stderr), so the mapping can be tested without a process.
    public static func execute(_ arguments: [String]) -> (ExitStatus, String?) {
        var command: ParsableCommand
        do {
            command = try InfluxDumpCommand.parseAsRoot(arguments)
        } catch {
            if InfluxDumpCommand.exitCode(for: error) == .success {
                return (.success, InfluxDumpCommand.fullMessage(for: error, columns: 100))
            }
            return (.usage, oneLine(InfluxDumpCommand.message(for: error)))
        }
        do {
            try command.run()
            return (.success, nil)
        } catch let exit as ExitCodeError {
            // The command already printed what went wrong (verify's findings, run's summary).
            return (exit.status, nil)
        } catch let e as ValidationError {
            return (.usage, oneLine(e.message))
        } catch {
            // `--help` and `--version` arrive here as clean exits.
            if InfluxDumpCommand.exitCode(for: error) == .success {
                return (.success, InfluxDumpCommand.fullMessage(for: error, columns: 100))
            }
            return (ExitStatus.of(error), oneLine("\(error)"))
        }
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
