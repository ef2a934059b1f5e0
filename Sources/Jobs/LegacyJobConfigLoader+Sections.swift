import Foundation
import InfluxAPI

/// Shape (b), the process file, and the sections both legacy shapes share: options, logging.
extension LegacyJobConfigLoader {
    /// `page_size` has no meaning here; said once, the same way in both shapes.
    static let pageSizeReason = "influxdump streams each query's answer whole and writes in batches of 5000 points, so there are no pages"

    // MARK: shape (b): `<process name>: {source_server, destination_server, backup_config, logging}`

    static func process(_ root: ConfigNode, environment: [String: String]) throws(JobConfigError) -> JobConfig {
        guard case .mapping(let m) = root.node, let (keyNode, value) = m.first.map({ ($0.key, $0.value) }),
            let key = keyNode.scalar?.string
        else {
            throw root.error("expected one key, the process name")
        }
        var warnings: [String] = []
        let nameNode = ConfigNode(node: keyNode, path: key, file: root.file, fallback: root.mark)
        let name = try JobConfigLoader.jobName(nameNode, root: root, default: key)
        let body = root.child(key, value)
        let top = try body.lenientMapping(known: ["source_server", "destination_server", "backup_config", "logging"], warnings: &warnings)
        func server(_ k: String) throws(JobConfigError) -> (JobConfig.Endpoint, String?) {
            guard let n = top[k] else { throw body.error("missing", key: "\(key).\(k)") }
            let sm = try n.lenientMapping(known: endpointKeys + ["database"], warnings: &warnings)
            return (try endpoint(n, sm, environment: environment, warnings: &warnings), try sm["database"]?.nonEmptyString())
        }
        let (source, sourceDB) = try server("source_server")
        let (destination, destinationDB) = try server("destination_server")
        guard let database = sourceDB else { throw (top["source_server"] ?? body).error("missing", key: "\(key).source_server.database") }
        let config =
            try top["backup_config"].map { n throws(JobConfigError) in
                try n.lenientMapping(
                    known: ["mode", "timeout", "validate_data", "retries", "retry_delay", "fallback_days"],
                    reasons: ["page_size": pageSizeReason], warnings: &warnings)
            } ?? [:]
        let mode = try processMode(config["mode"], body: body, key: key, fallbackDays: config["fallback_days"], warnings: &warnings)
        var job = JobConfig(
            file: root.file, name: name, source: source,
            databases: [.init(name: database, destination: destinationDB ?? database)],
            retentionPolicies: [], target: .server(destination), mode: mode)
        job.options.validate = try config["validate_data"]?.bool() ?? false
        try applyRetries(config, to: &job.options)
        if let n = top["logging"] { job.logging = try logging(n, warnings: &warnings) }
        job.warnings = warnings
        return job
    }

    /// `full` (the whole database, once; also the default) or `incremental` (once, from the
    /// destination's newest point).
    static func processMode(
        _ node: ConfigNode?, body: ConfigNode, key: String, fallbackDays: ConfigNode?,
        warnings: inout [String]
    ) throws(JobConfigError) -> JobConfig.Mode {
        guard let node else {
            warnings.append(body.error("missing; copying the whole database (mode: full)", key: "\(key).backup_config.mode").description)
            return .range(start: nil, end: nil)
        }
        let text = try node.string()
        switch text.lowercased() {
        case "full":
            if let n = fallbackDays { warnings.append(n.error("ignored: only for mode: incremental").description) }
            return .range(start: nil, end: nil)
        case "incremental":
            return .incremental(
                schedule: nil, timeZone: TimeZone(identifier: "UTC")!,
                fallbackDays: try fallbackDays?.int(0...36_500) ?? 7, lookback: 0)
        default:
            throw node.error("expected full or incremental, got \"\(text)\"")
        }
    }

    // MARK: shared sections

    /// `options:` of shape (a); also returns `options.incremental`'s keys (schedule, fallback_days).
    static func options(_ n: ConfigNode, warnings: inout [String]) throws(JobConfigError) -> (JobConfig.Options, [String: ConfigNode]) {
        let m = try n.lenientMapping(
            known: ["retries", "retry_delay", "timeout", "validate", "incremental"],
            reasons: ["page_size": pageSizeReason], warnings: &warnings)
        var o = JobConfig.Options()
        try applyRetries(m, to: &o)
        o.validate = try m["validate"]?.bool() ?? false
        let incremental = try m["incremental"]?.lenientMapping(known: ["schedule", "fallback_days"], warnings: &warnings) ?? [:]
        return (o, incremental)
    }

    /// `retries`, `retry_delay` and `timeout`: counts and seconds, as the toolkit wrote them
    /// (`retry_delay: 1.5`), or durations (`30s`).
    static func applyRetries(_ m: [String: ConfigNode], to o: inout JobConfig.Options) throws(JobConfigError) {
        o.retries = try m["retries"]?.int(0...100) ?? o.retries
        if let n = m["retry_delay"] { o.retryDelay = try seconds(n) }
        if let n = m["timeout"] { o.timeout = max(1, Int(try seconds(n).rounded(.up))) }
    }

    static func seconds(_ n: ConfigNode) throws(JobConfigError) -> Double {
        if case .scalar(let s) = n.node, let v = Double(s.string), v > 0, v.isFinite { return v }
        return Double(try n.duration()) / 1e9
    }

    /// `logging:` of either shape: `level` in any case, `file`, `rotation`, `loki`.
    static func logging(_ n: ConfigNode, warnings: inout [String]) throws(JobConfigError) -> JobConfig.Logging {
        let m = try n.lenientMapping(
            known: ["level", "file", "rotation", "rotate", "keep", "loki"],
            reasons: ["format": "influxdump's log lines have one fixed format"], warnings: &warnings)
        var l = try JobConfigLoader.logging(m.filter { ["level", "file", "rotate", "keep"].contains($0.key) })
        if let r = m["rotation"] { try rotation(r, into: &l, warnings: &warnings) }
        if let k = m["loki"] {
            let km = try k.lenientMapping(known: ["enabled", "url", "labels"], warnings: &warnings)
            if try km["enabled"]?.bool() ?? true {
                guard let u = km["url"] else { throw k.error("missing", key: "\(k.path).url") }
                l.lokiURL = try u.nonEmptyString()
                if let problem = ClientConfiguration.validate(url: l.lokiURL ?? "") { throw u.error(problem) }
                if let labels = km["labels"] {
                    guard case .mapping(let lm) = labels.node else { throw labels.error("expected a mapping of label names to values") }
                    for (key, value) in lm {
                        guard let ks = key.scalar, let vs = value.scalar else { throw labels.error("labels must be name: value pairs") }
                        l.lokiLabels[ks.string] = vs.string
                    }
                }
            }
        }
        return l
    }

    /// `rotation:` as the toolkit wrote it, after Python's log handlers: `daily` / `midnight`, a
    /// size, or `{enabled, when, max_bytes | max_size | size, backup_count | keep}`.
    static func rotation(_ r: ConfigNode, into l: inout JobConfig.Logging, warnings: inout [String]) throws(JobConfigError) {
        var m: [String: ConfigNode] = [:]
        if case .scalar = r.node {
            m[try r.string().lowercased().hasSuffix("b") ? "size" : "when"] = r
        } else {
            m = try r.lenientMapping(
                known: ["enabled", "when", "max_bytes", "max_size", "size", "backup_count", "keep"],
                warnings: &warnings)
            guard try m["enabled"]?.bool() ?? true else { return }
        }
        if let n = m["max_bytes"] ?? m["max_size"] ?? m["size"] {
            let text = try n.string()
            guard let bytes = JobConfigLoader.parseSize(text), bytes > 0 else {
                throw n.error("expected a size such as 10MiB or 500KB, got \"\(text)\"")
            }
            l.rotation = .size(bytes)
        } else if let n = m["when"] {
            let when = try n.string().lowercased()
            if ["false", "no", "off", "none"].contains(when) { return }
            guard ["midnight", "daily", "d", "true"].contains(when) else {
                throw n.error("expected daily or midnight (influxdump rotates daily or by size), got \"\(when)\"")
            }
            l.rotation = .daily
        } else {
            l.rotation = .daily
        }
        l.keep = try (m["backup_count"] ?? m["keep"])?.int(1...1000) ?? l.keep
        if l.file == nil {
            warnings.append(r.error("ignored: rotation needs logging.file").description)
            l.rotation = nil
        }
    }
}
