import ArchiveFormat
import Foundation

/// Prometheus text exposition format 0.0.4 for one run: a `# HELP` and `# TYPE … gauge` line per
/// metric, then the sample labelled with `operation`. `job` and `database` are not written here:
/// they come from the Pushgateway grouping key (PushgatewayPusher.groupingPath).
// Hand-written, not swift-server/swift-prometheus 2.4.1 (issue 17): its swift-metrics dependency
// declares a target named `Metrics`, which SwiftPM refuses in one graph with this target (module
// aliases do not help), and it needs tools 6.2. It would also write the families in hash order
// (no golden text) and integers as doubles (`1000.0`). Kept to the format's 0.0.4 rules below.
public enum PrometheusExposition {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A gauge: name, help text and how to read it from a run (nil: not pushed for this run).
    struct Gauge: Sendable {
        var name: String
        var help: String
        var value: @Sendable (RunMetrics) -> String?
    }

    static let gauges: [Gauge] = [
        Gauge(name: "influxdump_last_run_duration_seconds", help: "Wall-clock seconds the last run took.") { format($0.seconds) },
        Gauge(name: "influxdump_last_run_points", help: "Points dumped or restored by the last run.") { String($0.points) },
        Gauge(name: "influxdump_last_run_bytes", help: "Line-protocol bytes written to segments or sent to the server by the last run.") {
            String($0.rawBytes)
        },
        Gauge(name: "influxdump_last_run_compressed_bytes", help: "Compressed segment bytes written or read by the last run.") {
            String($0.compressedBytes)
        },
        Gauge(name: "influxdump_last_run_segments", help: "Segments written or restored by the last run.") { String($0.segments) },
        Gauge(name: "influxdump_last_run_success", help: "1 if the last run succeeded, 0 if it failed.") { $0.succeeded ? "1" : "0" },
        Gauge(name: "influxdump_last_run_timestamp_seconds", help: "Unix time the last run finished.") {
            format($0.finishedAt.timeIntervalSince1970)
        },
        // Absent from a failed run's push: with POST the Pushgateway keeps the previous value.
        Gauge(name: "influxdump_last_success_timestamp_seconds", help: "Unix time the last successful run finished.") {
            $0.succeeded ? format($0.finishedAt.timeIntervalSince1970) : nil
        },
    ]

    /// The exposition text of one run.
    public static func text(_ run: RunMetrics) -> String {
        var out = ""
        let labels = "{operation=\"\(escapeLabelValue(run.operation.rawValue))\"}"
        for g in gauges {
            guard let value = g.value(run) else { continue }
            out += "# HELP \(g.name) \(escapeHelp(g.help))\n"
            out += "# TYPE \(g.name) gauge\n"
            out += "\(g.name)\(labels) \(value)\n"
        }
        return out
    }

    /// Label values: `\` → `\\`, `"` → `\"`, line feed → `\n`.
    public static func escapeLabelValue(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// HELP text: `\` → `\\`, line feed → `\n` (quotes stay).
    public static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// A float as Go's ParseFloat reads it; NaN and infinities by their exposition names.
    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        return "\(v)"
    }
}
