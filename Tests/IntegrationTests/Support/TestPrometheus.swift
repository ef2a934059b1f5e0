import Foundation
import XCTest

/// A real, throwaway Prometheus on a free loopback port, started by scripts/prometheus-local.sh:
/// it scrapes one Pushgateway every second and evaluates deploy/prometheus/influxdump.rules.yml
/// every second. Stopped by PID.
final class TestPrometheus {
    /// One series of an instant query: its labels (without `__name__`) and value.
    struct Sample: CustomStringConvertible {
        var labels: [String: String]
        var value: Double
        /// The query's evaluation time (Unix seconds), as Prometheus reports it.
        var time: Double
        var description: String { "\(labels) \(value)" }
    }

    /// One series of a range query: its labels and (time, value) pairs.
    struct Series {
        var labels: [String: String]
        var values: [(time: Double, value: Double)]
    }

    let directory: String
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    /// Fails (never skips) without prometheus: the script names scripts/install-deps.sh.
    init(scraping gateway: TestPushgateway) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-prom-\(UUID().uuidString)").path
        var env = ProcessInfo.processInfo.environment
        env["PUSHGATEWAY"] = "127.0.0.1:\(gateway.port)"
        let out = try Shell.run(TestServer.repositoryRoot + "/scripts/prometheus-local.sh", ["start", directory, "0"], environment: env)
        guard out.status == 0, let p = Int(out.stdout.split(separator: " ").first ?? "") else {
            throw Self.error("prometheus did not start: \(out.stderr)")
        }
        port = p
    }

    func destroy() {
        _ = try? Shell.run(TestServer.repositoryRoot + "/scripts/prometheus-local.sh", ["stop", directory])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `GET /api/v1/query`: the instant vector `expr` evaluates to now. Throws on an error answer
    /// (a query Prometheus cannot parse fails the test with Prometheus's message).
    func query(_ expr: String) throws -> [Sample] {
        let data = try api("/api/v1/query", ["query": expr])
        guard data["resultType"] as? String == "vector", let result = data["result"] as? [[String: Any]] else {
            throw Self.error("\(expr): not an instant vector: \(data)")
        }
        return result.map { r in
            let pair = r["value"] as? [Any] ?? []
            return Sample(labels: Self.labels(r), value: Self.number(pair.last), time: pair.first as? Double ?? .nan)
        }
    }

    /// `GET /api/v1/query_range` from `start` to now, one step per `step` seconds: what a
    /// Grafana time-series panel asks for.
    func queryRange(_ expr: String, start: Date, step: Double = 1) throws -> [Series] {
        let now = Date().timeIntervalSince1970
        let data = try api(
            "/api/v1/query_range", ["query": expr, "start": "\(start.timeIntervalSince1970)", "end": "\(now)", "step": "\(step)"])
        guard let result = data["result"] as? [[String: Any]] else { throw Self.error("\(expr): no matrix: \(data)") }
        return result.map { r in
            let values = (r["values"] as? [[Any]] ?? []).map { (time: $0.first as? Double ?? .nan, value: Self.number($0.last)) }
            return Series(labels: Self.labels(r), values: values)
        }
    }

    /// `GET /api/v1/alerts`: every pending or firing alert, as its labels, state and annotations.
    func alerts() throws -> [(labels: [String: String], state: String, annotations: [String: String])] {
        let data = try api("/api/v1/alerts", [:])
        return (data["alerts"] as? [[String: Any]] ?? []).map {
            (
                $0["labels"] as? [String: String] ?? [:], $0["state"] as? String ?? "",
                $0["annotations"] as? [String: String] ?? [:]
            )
        }
    }

    /// `GET /api/v1/rules`: the names of the alerting rules Prometheus loaded.
    func loadedAlertNames() throws -> Set<String> {
        let groups = try api("/api/v1/rules", [:])["groups"] as? [[String: Any]] ?? []
        return Set(groups.flatMap { ($0["rules"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } })
    }

    /// Polls `condition` every 0.2 s for up to `timeout` seconds; throws naming `what` if it never
    /// holds. Scrapes and rule evaluations happen every second, the first after a few.
    func waitUntil(_ what: String, timeout: Double = 20, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw Self.error("prometheus: \(what) not seen within \(timeout) s")
    }

    private func api(_ path: String, _ parameters: [String: String]) throws -> [String: Any] {
        let args = ["curl", "-sS", "-G"] + parameters.sorted { $0.key < $1.key }.flatMap { ["--data-urlencode", "\($0.key)=\($0.value)"] }
        let out = try Shell.run("/usr/bin/env", args + [url + path])
        guard out.status == 0, let doc = try JSONSerialization.jsonObject(with: out.stdoutBytes) as? [String: Any] else {
            throw Self.error("\(path) \(parameters): curl \(out.status): \(out.stderr)")
        }
        guard doc["status"] as? String == "success", let data = doc["data"] as? [String: Any] else {
            throw Self.error("\(path) \(parameters["query"] ?? ""): \(doc["errorType"] ?? ""): \(doc["error"] ?? doc)")
        }
        return data
    }

    private static func labels(_ result: [String: Any]) -> [String: String] {
        (result["metric"] as? [String: String] ?? [:]).filter { $0.key != "__name__" }
    }

    /// Sample values come as strings ("1", "NaN", "+Inf").
    private static func number(_ v: Any?) -> Double { (v as? String).flatMap(Double.init) ?? .nan }

    static func error(_ message: String) -> NSError {
        NSError(domain: "TestPrometheus", code: 1, userInfo: [NSLocalizedDescriptionKey: message])
    }
}
