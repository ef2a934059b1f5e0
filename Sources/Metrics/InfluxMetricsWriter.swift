import Foundation
import InfluxAPI
import LineProtocol

/// Writes runs as points into an InfluxDB database of the user's choice, one point per run:
///
///     influxdump_run,database=telegraf,job=nightly,operation=job bytes=812i,compressed_bytes=240i,duration_seconds=1.25,points=10i,segments=2i,success=1i 1767225600000000000
///
/// Tags `database` (left out when empty: line protocol has no empty tag values), `job`
/// (`influxdump` for a plain dump or restore) and `operation`; integer fields carry `i`; the
/// time is when the run finished, in nanoseconds. The database must exist: it is not created.
public final class InfluxMetricsWriter {
    /// Where the points go. The password stays in `client` (see ClientConfiguration).
    public struct Target: Sendable {
        public var client: ClientConfiguration
        public var database: String

        public init(client: ClientConfiguration, database: String) {
            self.client = client
            self.database = database
        }
    }

    public static let measurement = "influxdump_run"
    public let target: Target
    private let client: InfluxClient

    public init(target: Target) throws {
        self.target = target
        client = try InfluxClient(config: target.client)
    }

    /// All runs in one write request. Throws `MetricsError`.
    public func write(_ runs: [RunMetrics]) throws {
        var body: [UInt8] = []
        for run in runs { body += Array(try Self.line(run).utf8) + [0x0A] }
        do {
            try body.withUnsafeBytes { try client.write(database: target.database, retentionPolicy: nil, body: $0) }
        } catch {
            throw MetricsError.writeFailed(database: target.database, message: "\(error)")
        }
    }

    /// One run as a line-protocol point (without the line feed). Throws `MetricsError`.
    public static func line(_ run: RunMetrics) throws -> String {
        var out = measurement
        for (key, value) in [("database", run.database), ("job", run.jobLabel), ("operation", run.operation.rawValue)] where !value.isEmpty
        {
            if let problem = Escaping.unrepresentable(Array(value.utf8), as: .tagValue) {
                throw MetricsError.unwritableTag(name: key, problem: problem)
            }
            out += ",\(key)=\(Escaping.escaped(value, as: .tagValue))"
        }
        let duration = run.seconds.isFinite ? "\(run.seconds)" : "0.0"
        out += " bytes=\(run.rawBytes)i,compressed_bytes=\(run.compressedBytes)i,duration_seconds=\(duration),points=\(run.points)i"
        out += ",segments=\(run.segments)i,success=\(run.succeeded ? 1 : 0)i"
        out += " \(nanoseconds(run.finishedAt))"
        return out
    }

    /// Whole seconds and the fraction apart: `t * 1e9` as one Double is off by up to ~128 ns.
    static func nanoseconds(_ date: Date) -> Int64 {
        let t = date.timeIntervalSince1970
        // Line protocol's time range is about 1677–2262; a clock outside it is clamped, not a trap.
        let seconds = min(max(t.rounded(.down), -9_223_372_035), 9_223_372_035)
        let fraction = min(max(t - seconds, 0), 0.999_999_999)
        return Int64(seconds) * 1_000_000_000 + Int64((fraction * 1e9).rounded())
    }
}
