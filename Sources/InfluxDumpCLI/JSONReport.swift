import Foundation
import InfluxDump

/// `--json`: one object on stdout when the command ends, success or failure, shaped as
/// formats/results.schema.json describes:
/// `{"command", "ok", "exitCode", "error", "seconds", "result"}`. `result` is the command's own
/// object, or null when it failed before it had one. Human messages stay on stderr.
struct JSONReport<Result: Encodable>: Encodable {
    var command: String
    var ok: Bool
    var exitCode: Int32
    var error: String?
    var seconds: Double
    var result: Result?

    private enum CodingKeys: String, CodingKey { case command, ok, exitCode, error, seconds, result }

    /// As synthesized, except that a missing `result` is written as null rather than left out.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        try c.encode(ok, forKey: .ok)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encode(seconds, forKey: .seconds)
        if let result { try c.encode(result, forKey: .result) } else { try c.encodeNil(forKey: .result) }
    }

    /// Runs `body` and, when `enabled`, prints the report. `body` returns its result and the
    /// error the command ends with (a finished restore with refusals has both).
    static func run(command: String, enabled: Bool, _ body: () throws -> (Result, Error?)) throws {
        let started = Date()
        let outcome: (Result?, Error?)
        do { outcome = try body() } catch { outcome = (nil, error) }
        if enabled {
            let status = outcome.1.map(ExitStatus.of) ?? .success
            let report = JSONReport(
                command: command, ok: status == .success, exitCode: status.rawValue,
                error: outcome.1.map { Entrypoint.oneLine("\($0)") }, seconds: (Date().timeIntervalSince(started) * 1000).rounded() / 1000,
                result: outcome.0)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        if let error = outcome.1 { throw error }
    }
}
