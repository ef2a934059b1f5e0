import Dump
import Foundation
import InfluxAPI
import LineProtocol

/// The sections of a job file that native and Python-toolkit files share: options, filters,
/// logging, metrics.
extension JobConfigLoader {
    static func options(_ n: ConfigNode) throws(JobConfigError) -> JobConfig.Options {
        let m = try n.mapping(allowed: [
            "chunk", "retries", "retry_delay", "timeout", "jobs", "compression_level", "query_shape", "validate", "obsolete_after",
            "max_points_per_second", "max_bytes_per_second",
        ])
        var o = JobConfig.Options()
        o.chunk = try m["chunk"]?.duration()
        o.retries = try m["retries"]?.int(0...100) ?? o.retries
        if let d = try m["retry_delay"]?.durationOrSeconds() { o.retryDelay = Double(d) / 1e9 }
        if let d = try m["timeout"]?.durationOrSeconds() { o.timeout = max(1, Int(d / 1_000_000_000)) }
        o.jobs = try m["jobs"]?.int(1...64) ?? o.jobs
        o.compressionLevel = Int32(try m["compression_level"]?.int(1...19) ?? Int(o.compressionLevel))
        if let s = m["query_shape"] {
            let text = try s.string()
            guard let shape = QueryShapeOption(rawValue: text) else { throw s.error("expected auto or series, got \"\(text)\"") }
            o.queryShape = shape
        }
        o.validate = try m["validate"]?.bool() ?? false
        o.obsoleteAfter = try m["obsolete_after"]?.duration()
        o.maxPointsPerSecond = try m["max_points_per_second"]?.int(1...Int.max)
        if let s = m["max_bytes_per_second"] {
            let text = try s.string()
            guard let bytes = parseSize(text), bytes > 0 else { throw s.error("expected a size such as 20MiB or 5000000, got \"\(text)\"") }
            o.maxBytesPerSecond = bytes
        }
        return o
    }

    static func logging(_ n: ConfigNode) throws(JobConfigError) -> JobConfig.Logging {
        try logging(n.mapping(allowed: ["level", "file", "rotate", "keep", "loki"]))
    }

    /// `logging:` from its checked keys (level, file, rotate, keep, loki).
    static func logging(_ m: [String: ConfigNode]) throws(JobConfigError) -> JobConfig.Logging {
        var l = JobConfig.Logging()
        if let lv = m["level"] { l.level = try level(lv) }
        l.file = try m["file"]?.nonEmptyString()
        l.keep = try m["keep"]?.int(1...1000) ?? l.keep
        if let r = m["rotate"], case .scalar = r.node {
            // Short form: `rotate: daily`.
            guard try r.string() == "daily" else { throw r.error("expected daily, or a mapping {daily: true | size: 10MiB, keep: N}") }
            l.rotation = .daily
            if l.file == nil { throw r.error("rotation needs logging.file") }
        } else if let r = m["rotate"] {
            let rm = try r.mapping(allowed: ["daily", "size", "keep"])
            switch (rm["daily"], rm["size"]) {
            case let (d?, nil): l.rotation = try d.bool() ? .daily : nil
            case let (nil, s?):
                let text = try s.string()
                guard let bytes = parseSize(text), bytes > 0 else {
                    throw s.error("expected a size such as 10MiB or 500KB, got \"\(text)\"")
                }
                l.rotation = .size(bytes)
            case (_?, _?): throw r.error("give either daily or size, not both")
            case (nil, nil): throw r.error("expected daily: true or size: 10MiB")
            }
            l.keep = try rm["keep"]?.int(1...1000) ?? l.keep
            if l.file == nil && l.rotation != nil { throw r.error("rotation needs logging.file") }
        }
        if let k = m["loki"] {
            let km = try k.mapping(allowed: ["url", "labels"])
            guard let u = km["url"] else { throw k.error("missing", key: "logging.loki.url") }
            let url = try u.nonEmptyString()
            if let problem = ClientConfiguration.validate(url: url) { throw u.error(problem) }
            l.lokiURL = url
            if let labels = km["labels"] {
                guard case .mapping(let lm) = labels.node else { throw labels.error("expected a mapping of label names to values") }
                for (key, value) in lm {
                    guard case .scalar(let ks) = key, case .scalar(let vs) = value else {
                        throw labels.error("labels must be name: value pairs")
                    }
                    l.lokiLabels[ks.string] = vs.string
                }
            }
        }
        return l
    }

    static func metrics(_ n: ConfigNode, environment: [String: String], warnings: inout [String]) throws(JobConfigError)
        -> JobConfig.Metrics
    {
        let m = try n.mapping(allowed: ["pushgateway", "influx"])
        var out = JobConfig.Metrics()
        if let p = m["pushgateway"] {
            let url = try p.nonEmptyString()
            if let problem = ClientConfiguration.validate(url: url) { throw p.error(problem) }
            out.pushgateway = url
        }
        if let i = m["influx"] {
            let im = try i.mapping(allowed: endpointKeys + ["database"])
            guard let db = im["database"] else { throw i.error("missing", key: "\(i.path).database") }
            out.influx = .init(
                endpoint: try endpoint(i, im, environment: environment, warnings: &warnings), database: try db.nonEmptyString())
        }
        if out.pushgateway == nil && out.influx == nil { throw n.error("expected pushgateway: URL and/or influx: {url: …, database: …}") }
        return out
    }

    /// `10MiB`, `10MB`, `500KB`, `1048576`.
    static func parseSize(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000),
            ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1),
        ]
        for (u, scale) in units where text.hasSuffix(u) {
            guard let n = Int64(text.dropLast(u.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
            return overflow ? nil : bytes
        }
        return Int64(text)
    }

    /// A log level in any case (`INFO`, `Warning`), with the Python names `WARN` and `FATAL`.
    static func level(_ n: ConfigNode) throws(JobConfigError) -> String {
        let s = try n.string()
        guard let level = LogLevelName.parse(s) else {
            throw n.error("expected trace, debug, info, notice, warning, error or critical, got \"\(s)\"")
        }
        return level.rawValue
    }

    /// `include:` / `exclude:` lists of names or `/regex/`.
    static func nameFilter(_ m: [String: ConfigNode]) throws(JobConfigError) -> NameFilter {
        NameFilter(include: try m["include"]?.patterns() ?? [], exclude: try m["exclude"]?.patterns() ?? [])
    }

    /// `fields.types`; `aliases` adds the Python toolkit's names (`numeric`, `int`, `str`, …).
    static func fieldTypes(_ node: ConfigNode?, aliases: [String: [FieldType]] = [:]) throws(JobConfigError) -> Set<FieldType> {
        var types = Set<FieldType>()
        for t in try node?.list() ?? [] {
            let s = try t.string()
            let key = s.lowercased()
            if let type = FieldType(rawValue: s) ?? (aliases.isEmpty ? nil : FieldType(rawValue: key)) {
                types.insert(type)
            } else if let more = aliases[key] {
                types.formUnion(more)
            } else {
                let extra = aliases.isEmpty ? "" : " (or numeric)"
                throw t.error("expected float, integer, string or boolean\(extra), got \"\(s)\"")
            }
        }
        return types
    }
}
