import Foundation
import XCTest

/// The queries of the shipped monitoring files, read from the files themselves so that a panel or
/// rule added later is evaluated too: deploy/grafana/*.json and deploy/prometheus/*.rules.yml.
enum MonitoringFiles {
    /// One query of a dashboard: a panel's target or a template variable's query.
    struct DashboardQuery: CustomStringConvertible {
        /// `Panel title/refId`, or `$name` for a template variable.
        var key: String
        /// The panel type (`stat`, `timeseries`, `logs`) or `variable`.
        var panelType: String
        /// The datasource type: `prometheus`, `loki` or `influxdb`.
        var datasource: String
        var query: String
        var description: String { "\(key): \(query)" }
    }

    /// One alerting rule of the rules file.
    struct AlertRule {
        var name: String
        var expr: String
        var labels: [String: String]
        var annotations: [String: String]
    }

    static var dashboardFolder: String { TestServer.repositoryRoot + "/deploy/grafana" }
    static var rulesFile: String { TestServer.repositoryRoot + "/deploy/prometheus/influxdump.rules.yml" }

    static func dashboard(_ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: dashboardFolder + "/" + file))
        guard let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestPrometheus.error("\(file): not a JSON object")
        }
        return doc
    }

    /// Every panel, rows' collapsed panels included.
    static func panels(_ dashboard: [String: Any]) -> [[String: Any]] {
        (dashboard["panels"] as? [[String: Any]] ?? []).flatMap { [$0] + ($0["panels"] as? [[String: Any]] ?? []) }
    }

    /// Every target of every panel and every query variable, in file order.
    static func queries(_ dashboard: [String: Any]) -> [DashboardQuery] {
        var out: [DashboardQuery] = []
        for panel in panels(dashboard) {
            let title = panel["title"] as? String ?? "?"
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                let ds = (target["datasource"] as? [String: Any] ?? panel["datasource"] as? [String: Any])?["type"] as? String ?? "?"
                let text = target["expr"] as? String ?? target["query"] as? String ?? ""
                out.append(
                    DashboardQuery(
                        key: "\(title)/\(target["refId"] as? String ?? "?")", panelType: panel["type"] as? String ?? "?",
                        datasource: ds, query: text))
            }
        }
        let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        for v in variables where v["type"] as? String == "query" {
            let ds = (v["datasource"] as? [String: Any])?["type"] as? String ?? "?"
            // Grafana 10+ stores a Prometheus variable's query as {query, refId}; older ones as a string.
            let text = (v["query"] as? [String: Any])?["query"] as? String ?? v["query"] as? String ?? ""
            out.append(DashboardQuery(key: "$\(v["name"] as? String ?? "?")", panelType: "variable", datasource: ds, query: text))
        }
        return out
    }

    /// Grafana's interpolation for one selection: `$job`/`${job}` and `$database` become the
    /// selected value with its regex metacharacters escaped (as Grafana does for a multi-value
    /// variable, which both are) or All's `.*`; the built-in intervals become concrete durations
    /// and `$timeFilter` InfluxQL's time range.
    static func interpolate(_ query: String, job: String, database: String, range: String = "1h") -> String {
        let values: [(String, String)] = [
            ("job", regexEscaped(job)), ("database", regexEscaped(database)), ("__range", range), ("__rate_interval", "4s"),
            ("__interval", "1s"), ("timeFilter", "time > now() - \(range)"),
        ]
        var out = query
        for (name, value) in values {
            out = out.replacingOccurrences(of: "${\(name)}", with: value).replacingOccurrences(of: "$\(name)", with: value)
        }
        return out
    }

    /// Grafana's "All" for a variable with `allValue: .*` is the raw regex, unescaped.
    static let all = ".*"

    static func regexEscaped(_ s: String) -> String {
        if s == all { return s }
        var out = ""
        for c in s { out += "\\^$.|?*+()[]{}/".contains(c) ? "\\\(c)" : String(c) }
        return out
    }

    /// `label_values(selector, label)` (a Grafana function, not PromQL) as the PromQL query that
    /// lists the same values: `group by (label) (selector)`.
    static func promQL(forVariable query: String) throws -> (expr: String, label: String) {
        guard query.hasPrefix("label_values("), query.hasSuffix(")"), let comma = query.lastIndex(of: ",") else {
            throw TestPrometheus.error("variable query \(query): not label_values(selector, label)")
        }
        let selector = query[query.index(query.startIndex, offsetBy: 13)..<comma].trimmingCharacters(in: .whitespaces)
        let label = query[query.index(after: comma)..<query.index(before: query.endIndex)].trimmingCharacters(in: .whitespaces)
        return ("group by (\(label)) (\(selector))", label)
    }

    /// The alerting rules, parsed by PyYAML into JSON (the test target has no YAML parser of
    /// its own, and the same PyYAML reads the deploy files in scripts/lint-deploy.sh).
    static func alertRules() throws -> [AlertRule] {
        let out = try Shell.run(
            "/usr/bin/env",
            ["python3", "-c", "import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)", rulesFile])
        guard out.status == 0, let doc = try JSONSerialization.jsonObject(with: out.stdoutBytes) as? [String: Any] else {
            throw TestPrometheus.error("\(rulesFile): \(out.stderr)")
        }
        let rules = (doc["groups"] as? [[String: Any]] ?? []).flatMap { $0["rules"] as? [[String: Any]] ?? [] }
        return rules.compactMap { r in
            guard let name = r["alert"] as? String else { return nil }
            return AlertRule(
                name: name, expr: (r["expr"] as? String ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                labels: r["labels"] as? [String: String] ?? [:], annotations: r["annotations"] as? [String: String] ?? [:])
        }
    }
}
