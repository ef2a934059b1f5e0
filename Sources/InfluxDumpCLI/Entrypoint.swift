import ArgumentParser
import Foundation
import InfluxDump

/// Parses arguments, runs the command and maps every outcome to one exit code and, for errors,
/// one line on stderr: `influxdump: <what went wrong>`.
public enum Entrypoint {
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        // A closed pipe (`dump -o - | head`) must be an error we report, not a silent kill.
        signal(SIGPIPE, SIG_IGN)
        exit(run(arguments).rawValue)
    }

    /// Runs one command line and returns its exit status (testable without a process).
    public static func run(_ arguments: [String]) -> ExitStatus {
        var command: ParsableCommand
        do {
            command = try InfluxDumpCommand.parseAsRoot(arguments)
        } catch {
            let code = InfluxDumpCommand.exitCode(for: error)
            if code == .success {
                print(InfluxDumpCommand.fullMessage(for: error))
                return .success
            }
            printError(oneLine(InfluxDumpCommand.message(for: error)))
            return .usage
        }
        do {
            try command.run()
            return .success
        } catch let exit as ExitCode {
            return ExitStatus(rawValue: exit.rawValue) ?? .failure
        } catch let e as ValidationError {
            printError(oneLine(e.message))
            return .usage
        } catch {
            printError(oneLine("\(error)"))
            return ExitStatus.of(error)
        }
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("influxdump: " + message + "\n").utf8))
    }
}
