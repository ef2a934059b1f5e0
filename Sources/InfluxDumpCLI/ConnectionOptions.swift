import ArgumentParser
import Foundation
import InfluxDump

/// How to reach a server. The password is read from INFLUX_PASSWORD or a file: a flag value
/// would be visible to every user in the process list.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Server URL, http:// or https:// (default: $INFLUX_HOST or http://127.0.0.1:8086).", valueName: "url"))
    var host: String?

    @Option(
        name: [.customShort("u"), .long],
        help: ArgumentHelp(
            "User name (default: $INFLUX_USERNAME). The password comes from $INFLUX_PASSWORD, --password-file, or a prompt on the terminal.",
            valueName: "user"))
    var username: String?

    @Option(name: .long, help: ArgumentHelp("Read the password from this file (first line).", valueName: "file"))
    var passwordFile: String?

    @Option(name: .long, help: ArgumentHelp("Trust this CA certificate (PEM) for https.", valueName: "file"))
    var caCert: String?

    @Flag(name: .long, help: "Do not verify the server's TLS certificate (unsafe; prints a warning).")
    var insecureSkipVerify = false

    @Option(name: .long, help: ArgumentHelp("Abandon a transfer that stalls this many seconds (it is retried).", valueName: "seconds"))
    var timeout: Int = 300

    @Option(name: .long, help: ArgumentHelp("Retries of a failed request (connection errors, timeouts, 5xx, 429).", valueName: "n"))
    var retries: Int = 5

    func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClientConfiguration {
        let url = host ?? environment["INFLUX_HOST"] ?? "http://127.0.0.1:8086"
        if let problem = ClientConfiguration.validate(url: url) { throw UsageError(problem) }
        let user = username ?? environment["INFLUX_USERNAME"]
        var password: String? = nil
        if let file = passwordFile {
            password = try Self.readPassword(file)
        } else if let env = environment["INFLUX_PASSWORD"] {
            password = env
        } else if let user {
            // Neither variable nor file: ask on the terminal if there is one.
            password = PasswordPrompt.ask("Password for \(user) at \(ClientConfiguration.redacted(url)): ")
        }
        if user == nil, password != nil, passwordFile != nil {
            throw UsageError("--password-file given without --username")
        }
        if let ca = caCert, !FileManager.default.isReadableFile(atPath: ca) {
            throw UsageError("--ca-cert \(ca): file not found or not readable")
        }
        guard timeout > 0 else { throw UsageError("--timeout must be a positive number of seconds, got \(timeout)") }
        guard retries >= 0 else { throw UsageError("--retries must be zero or more, got \(retries)") }
        if insecureSkipVerify { Console.warn("TLS certificate verification is off (--insecure-skip-verify)") }
        return ClientConfiguration(
            baseURL: url, username: user, password: password, caCertPath: caCert,
            insecureSkipVerify: insecureSkipVerify, stallTimeout: timeout)
    }

    /// The first line of `file`; `subject` names it in the error (default `--password-file FILE`).
    static func readPassword(_ file: String, subject: String? = nil) throws -> String {
        guard let contents = PasswordFile.read(file) else {
            throw UsageError("\(subject ?? "--password-file \(file)"): file not found or not readable")
        }
        if contents.readableByOthers { Console.warn("password file \(file) is readable by other users (chmod 600 it)") }
        return contents.password
    }

    var retryPolicy: RetryPolicy { RetryPolicy(maxRetries: retries) }
}
