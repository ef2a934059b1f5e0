import ArgumentParser
import Foundation
import InfluxDump
import Logging

/// Where dump and restore report their metrics when they end.
struct MetricsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Push the run's metrics to this Prometheus Pushgateway when it ends, success or failure (README §Metrics).", valueName: "url"))
    var pushgateway: String?

    @Option(
        help: ArgumentHelp("Also write them as an influxdump_run point into this existing database of the --host server.", valueName: "db"))
    var metricsDatabase: String?

    func publisher(server: ClientConfiguration) throws -> MetricsPublisher {
        if let url = pushgateway, let problem = ClientConfiguration.validate(url: url) {
            throw UsageError("--pushgateway: " + problem)
        }
        return MetricsPublisher(pushgateway: pushgateway, influx: metricsDatabase.map { .init(client: server, database: $0) })
    }

    /// Publishes; a failure is a warning (already logged) and never changes the exit status.
    static func publish(_ publisher: MetricsPublisher, _ runs: @autoclosure () -> [RunMetrics], logger: Logger) {
        guard publisher.isEnabled else { return }
        publisher.publish(runs(), logger: logger)
    }
}
