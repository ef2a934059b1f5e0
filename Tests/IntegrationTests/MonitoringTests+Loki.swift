import Foundation
import XCTest

/// The dashboards' Loki logs panels against the streams influxdump's job runs pushed. Loki is not
/// installable here, so LogQL is not run: the panel's stream selector is matched against the
/// label sets of the recorded pushes (the part of the query that picks the job's lines).
extension MonitoringTests {
    func checkLogsPanels() throws {
        let streams = try pushedStreams()
        XCTAssertEqual(Set(streams.compactMap { $0["job"] }), ["nightly", "broken"], "both jobs pushed their logs")
        for file in ["influxdump.json", "influxdump-influxql.json"] {
            let queries = MonitoringFiles.queries(try MonitoringFiles.dashboard(file)).filter { $0.datasource == "loki" }
            XCTAssertEqual(queries.map(\.panelType), ["logs"], "\(file): one Loki target, in a logs panel")
            for q in queries {
                for job in ["nightly", "broken"] {
                    let selector = try Self.streamSelector(MonitoringFiles.interpolate(q.query, job: job, database: Self.database))
                    let matched = streams.filter { labels in selector.allSatisfy { Self.matches(labels[$0.name] ?? "", $0.regex) } }
                    XCTAssertFalse(matched.isEmpty, "\(file) \(q.key) for job \(job): no stream")
                    XCTAssertEqual(Set(matched.compactMap { $0["job"] }), [job], "\(file) \(q.key): only job \(job)'s lines")
                }
            }
        }
    }

    /// The label sets of every stream pushed to the stand-in Loki.
    func pushedStreams() throws -> [[String: String]] {
        var out: [[String: String]] = []
        for r in loki.requests where r.path == "/loki/api/v1/push" {
            let doc = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
            for s in doc?["streams"] as? [[String: Any]] ?? [] { out.append(s["stream"] as? [String: String] ?? [:]) }
        }
        return out
    }

    /// A LogQL stream selector `{a="x", b=~"y"}` (no line filters) as label → anchored regex; `=`
    /// becomes an escaped regex. Anything else fails the test: extend this when a panel needs it.
    static func streamSelector(_ query: String) throws -> [(name: String, regex: String)] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else { throw TestPrometheus.error("not a stream selector: \(query)") }
        return try trimmed.dropFirst().dropLast().split(separator: ",").map { part in
            let m = part.trimmingCharacters(in: .whitespaces)
            for op in ["=~", "="] {
                guard let r = m.range(of: op) else { continue }
                let value = String(m[r.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (String(m[..<r.lowerBound]), op == "=~" ? value : NSRegularExpression.escapedPattern(for: value))
            }
            throw TestPrometheus.error("matcher \(m) in \(query): only = and =~ are checked")
        }
    }

    /// LogQL regex matchers are fully anchored, as Prometheus's.
    static func matches(_ value: String, _ regex: String) -> Bool {
        value.range(of: "^(?:\(regex))$", options: .regularExpression) != nil
    }
}
