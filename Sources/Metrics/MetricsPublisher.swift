import Foundation
import InfluxAPI
import Logging

/// Publishes the metrics of finished runs to a Pushgateway and/or an InfluxDB database.
///
/// A metrics failure never changes the outcome of the run it describes, but it is never silent:
/// each one is logged as a warning and returned, so the caller can also print it.
public struct MetricsPublisher: Sendable {
    /// Pushgateway base URL (`http://host:9091`); nil: no push.
    public var pushgateway: String?
    /// Database to write `influxdump_run` points into; nil: none written.
    public var influx: InfluxMetricsWriter.Target?

    public init(pushgateway: String?, influx: InfluxMetricsWriter.Target? = nil) {
        self.pushgateway = pushgateway
        self.influx = influx
    }

    public var isEnabled: Bool { pushgateway != nil || influx != nil }

    /// Pushes each run (one Pushgateway group per job/database/operation) and writes them all
    /// as points. Returns the failures, one line each, already logged as warnings.
    @discardableResult
    public func publish(_ runs: [RunMetrics], logger: Logger) -> [String] {
        guard !runs.isEmpty else { return [] }
        var warnings: [String] = []
        if let url = pushgateway {
            do {
                let pusher = try PushgatewayPusher(url: url)
                for run in runs {
                    do {
                        try pusher.push(run)
                    } catch let e as MetricsError {
                        warnings.append("metrics not pushed: \(e)")
                        // An unreachable gateway fails every group alike: say it once, wait once.
                        if case .pushFailed = e { break }
                    }
                }
            } catch {
                warnings.append("metrics not pushed: pushgateway \(ClientConfiguration.redacted(url)): \(error)")
            }
            if warnings.isEmpty {
                logger.info("metrics pushed", metadata: ["pushgateway": "\(ClientConfiguration.redacted(url))", "groups": "\(runs.count)"])
            }
        }
        if let target = influx {
            do {
                try InfluxMetricsWriter(target: target).write(runs)
                logger.info("metrics written", metadata: ["database": "\(target.database)", "points": "\(runs.count)"])
            } catch {
                warnings.append("metrics not written: \(error)")
            }
        }
        for w in warnings { logger.warning("\(w)") }
        return warnings
    }
}
