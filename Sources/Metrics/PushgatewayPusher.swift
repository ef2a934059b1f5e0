import Foundation
import InfluxAPI

/// Pushes one run's gauges to a Prometheus Pushgateway, one group per job, database and
/// operation: `POST <url>/metrics/job/<job>/database/<db>/operation/<op>`.
///
/// POST, not PUT: the Pushgateway then replaces only the metrics named in the push, so a failed
/// run (which pushes no `influxdump_last_success_timestamp_seconds`) leaves the previous success
/// time in the group. `operation` is part of the grouping key because POST replaces a metric by
/// name whatever its labels: a restore would otherwise overwrite the numbers of a dump that
/// shares its job and database labels.
public final class PushgatewayPusher {
    /// The Pushgateway's base URL, without a trailing `/`.
    public let url: String
    private let curl: CurlEasyHandle
    /// The Pushgateway's answers are one line; longer ones are cut here.
    private static let maxAnswer = 4096

    /// Short timeouts: metrics must not hold up the backup they describe.
    public init(url: String, connectTimeout: Int = 5, stallTimeout: Int = 10) throws {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        self.url = u
        curl = try CurlEasyHandle(config: ClientConfiguration(baseURL: u, connectTimeout: connectTimeout, stallTimeout: stallTimeout))
    }

    /// Throws `MetricsError`.
    public func push(_ run: RunMetrics) throws {
        let target = url + Self.groupingPath(run)
        let printable = ClientConfiguration.redacted(target)
        let body = Array(PrometheusExposition.text(run).utf8)
        var answer: [UInt8] = []
        let response: CurlEasyHandle.Response
        do {
            response = try body.withUnsafeBytes { buf in
                try curl.perform(method: "POST", url: target, headers: ["Content-Type: \(PrometheusExposition.contentType)"], body: buf) {
                    _, bytes in
                    if answer.count < Self.maxAnswer { answer.append(contentsOf: bytes.prefix(Self.maxAnswer - answer.count)) }
                    return true
                }
            }
        } catch let e as InfluxClientError {
            if case let .transport(_, code, message) = e {
                throw MetricsError.pushFailed(url: printable, message: "connection failed (curl \(code)): \(message)")
            }
            throw MetricsError.pushFailed(url: printable, message: "\(e)")
        } catch {
            throw MetricsError.pushFailed(url: printable, message: "\(error)")
        }
        guard (200..<300).contains(response.status) else {
            let text = String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw MetricsError.pushRejected(
                url: printable, status: response.status, message: line.isEmpty ? "no message" : String(line.prefix(300)))
        }
    }

    /// `/metrics/job/<job>/database/<db>/operation/<op>`, each value plain or `@base64`-encoded.
    public static func groupingPath(_ run: RunMetrics) -> String {
        "/metrics"
            + [("job", run.jobLabel), ("database", run.database), ("operation", run.operation.rawValue)]
            .map { pathSegment(name: $0.0, value: $0.1) }.joined()
    }

    /// `/name/value` when the value is plain URL-safe text, else `/name@base64/<RFC 4648 §5>`:
    /// the only way to carry a `/` or an empty value, which the Pushgateway's path cleaning
    /// would otherwise split or drop; `.` and `..` too, which it would resolve away.
    static func pathSegment(name: String, value: String) -> String {
        let plain =
            !value.isEmpty && value != "." && value != ".."
            && value.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._~-".unicodeScalars.contains($0))
            }
        if plain { return "/\(name)/\(value)" }
        // An empty value must be a single `=` (the Pushgateway's rule); padding is kept otherwise.
        let encoded =
            value.isEmpty
            ? "="
            : Data(value.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return "/\(name)@base64/\(encoded)"
    }
}
