import Foundation
import Yams

/// Reads job files: YAML through Yams (LibYAML), then every key checked by hand so each error
/// names `file:line:column` and the key, and an unknown key suggests the nearest valid one.
public enum JobConfigLoader {
    static let topKeys = ["name", "source", "target", "mode", "start", "end", "schedule", "timezone", "fallback_days", "lookback",
                          "options", "measurements", "fields", "logging", "metrics"]
    static let endpointKeys = ["url", "username", "password_env", "password_file", "password", "ca_cert", "insecure_skip_verify"]

    /// The job files of a folder (`*.yaml`, `*.yml`, not `*.template.yaml`/`*.template.yml`),
    /// sorted; or the file itself.
    public static func discover(_ path: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw JobConfigError(file: path, line: 1, column: 1, key: "", message: "no such file or directory")
        }
        guard isDir.boolValue else { return [path] }
        let entries = try FileManager.default.contentsOfDirectory(atPath: path)
        return entries.filter { name in
            (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.hasSuffix(".template.yaml") && !name.hasSuffix(".template.yml")
                && !name.hasPrefix(".")
        }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(JobConfigError) -> JobConfig {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw JobConfigError(file: file, line: 1, column: 1, key: "", message: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw JobConfigError(file: file, line: 1, column: 1, key: "", message: "empty job file")
            }
            root = node
        } catch let e as JobConfigError {
            throw e
        } catch let e as YamlError {
            throw yamlError(e, file: file)
        } catch {
            throw JobConfigError(file: file, line: 1, column: 1, key: "", message: "\(error)")
        }
        return try parse(ConfigNode(node: root, path: "", file: file, fallback: nil), file: file, environment: environment)
    }

    static func yamlError(_ e: YamlError, file: String) -> JobConfigError {
        switch e {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return JobConfigError(file: file, line: mark.line, column: mark.column, key: "", message: "invalid YAML: \(problem)")
        default:
            let first = "\(e)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            return JobConfigError(file: file, line: 1, column: 1, key: "", message: "invalid YAML: \(first)")
        }
    }

    static func parse(_ root: ConfigNode, file: String, environment: [String: String]) throws(JobConfigError) -> JobConfig {
        let top = try root.mapping(allowed: topKeys)
        func required(_ key: String) throws(JobConfigError) -> ConfigNode {
            guard let n = top[key] else { throw root.error("missing", key: key) }
            return n
        }
        var warnings: [String] = []
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = try top["name"]?.nonEmptyString() ?? stem
        let validName = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            && (name.first.map { $0.isLetter || $0.isNumber } ?? false)
        if !validName {
            throw (top["name"] ?? root).error("use letters, digits, '.', '_' and '-', starting with a letter or digit (it names the job's archive folder), got \"\(name)\"")
        }

        // source
        let sourceNode = try required("source")
        let sourceMap = try sourceNode.mapping(allowed: endpointKeys + ["databases", "retention_policies"])
        let source = try endpoint(sourceNode, sourceMap, environment: environment, warnings: &warnings)
        guard let dbNode = sourceMap["databases"] else { throw sourceNode.error("missing", key: "source.databases") }
        var databases: [JobConfig.DatabaseMapping] = []
        for item in try dbNode.list() {
            if case .scalar = item.node {
                let n = try item.nonEmptyString()
                databases.append(.init(name: n, destination: n))
            } else {
                let m = try item.mapping(allowed: ["name", "destination"])
                guard let n = try m["name"]?.nonEmptyString() else { throw item.error("missing", key: "\(item.path).name") }
                databases.append(.init(name: n, destination: try m["destination"]?.nonEmptyString() ?? n))
            }
        }
        guard !databases.isEmpty else { throw dbNode.error("list at least one database") }
        let rps = try sourceMap["retention_policies"]?.list().map { n throws(JobConfigError) in try n.nonEmptyString() } ?? []

        // target
        let targetNode = try required("target")
        let targetMap = try targetNode.mapping(allowed: ["archive", "server"])
        let target: JobConfig.Target
        var fullEveryNode: ConfigNode? = nil
        switch (targetMap["archive"], targetMap["server"]) {
        case let (a?, nil):
            let m = try a.mapping(allowed: ["path", "keep_last", "keep_daily", "keep_within", "full_every"])
            guard let p = try m["path"]?.nonEmptyString() else { throw a.error("missing", key: "target.archive.path") }
            fullEveryNode = m["full_every"]
            target = .archive(path: p, prune: PrunePolicy(keepLast: try m["keep_last"]?.int(1...100_000),
                                                          keepDaily: try m["keep_daily"]?.int(1...100_000),
                                                          keepWithin: try m["keep_within"]?.duration()),
                              fullEvery: try m["full_every"]?.duration())
        case let (nil, s?):
            let m = try s.mapping(allowed: endpointKeys)
            target = .server(try endpoint(s, m, environment: environment, warnings: &warnings))
        case (_?, _?): throw targetNode.error("give either archive or server, not both")
        case (nil, nil): throw targetNode.error("expected archive: {path: …} or server: {url: …}")
        }

        // mode
        let modeNode = try required("mode")
        let modeText = try modeNode.string()
        let mode: JobConfig.Mode
        switch modeText {
        case "range":
            for k in ["schedule", "fallback_days", "lookback", "timezone"] {
                if let n = top[k] { throw n.error("only for mode: incremental") }
            }
            let start = try top["start"]?.timestamp(), end = try top["end"]?.timestamp()
            if let start, let end, start >= end, let n = top["end"] { throw n.error("must be after start") }
            mode = .range(start: start, end: end)
        case "incremental":
            for k in ["start", "end"] {
                if let n = top[k] { throw n.error("only for mode: range") }
            }
            var schedule: CronExpression? = nil
            if let n = top["schedule"] {
                do { schedule = try CronExpression(try n.string()) } catch let e as CronExpression.ParseError { throw n.error(e.description) } catch {
                    throw n.error("\(error)")
                }
            }
            var zone = TimeZone(identifier: "UTC")!
            if let n = top["timezone"] {
                let id = try n.string()
                guard let z = TimeZone(identifier: id) else { throw n.error("unknown time zone \"\(id)\" (use a name like UTC or Europe/Paris)") }
                zone = z
            }
            var lookback: Int64 = 0
            if let n = top["lookback"] {
                lookback = try n.string() == "0" ? 0 : n.duration()
            }
            mode = .incremental(schedule: schedule, timeZone: zone, fallbackDays: try top["fallback_days"]?.int(0...36_500) ?? 7, lookback: lookback)
        default:
            throw modeNode.error("expected range or incremental, got \"\(modeText)\"")
        }

        if case .archive(_, let prune, let fullEvery) = target, let a = targetMap["archive"] {
            let incremental: Bool
            if case .incremental = mode { incremental = true } else { incremental = false }
            if let n = fullEveryNode, !incremental { throw n.error("only for mode: incremental") }
            if incremental, fullEvery == nil, !prune.isEmpty {
                let w = a.error("an incremental job without full_every keeps one chain, which keep_last, keep_daily and keep_within can never shorten; add full_every (e.g. 7d) to start a new full archive now and then")
                warnings.append("\(w)")
            }
        }
        var job = JobConfig(file: file, name: name, source: source, databases: databases, retentionPolicies: rps, target: target, mode: mode)
        if let n = top["options"] { job.options = try options(n) }
        if let n = top["measurements"] {
            let m = try n.mapping(allowed: ["include", "exclude"])
            job.measurements = NameFilter(include: try m["include"]?.patterns() ?? [], exclude: try m["exclude"]?.patterns() ?? [])
        }
        if let n = top["fields"] {
            let m = try n.mapping(allowed: ["include", "exclude", "types"])
            var types = Set<FieldType>()
            for t in try m["types"]?.list() ?? [] {
                let s = try t.string()
                guard let type = FieldType(rawValue: s) else { throw t.error("expected float, integer, string or boolean, got \"\(s)\"") }
                types.insert(type)
            }
            job.fields = FieldFilter(names: NameFilter(include: try m["include"]?.patterns() ?? [], exclude: try m["exclude"]?.patterns() ?? []), types: types)
        }
        if let n = top["logging"] { job.logging = try logging(n) }
        if let n = top["metrics"] { job.metrics = try metrics(n, environment: environment, warnings: &warnings) }
        job.warnings = warnings
        return job
    }

    static func endpoint(_ node: ConfigNode, _ m: [String: ConfigNode], environment: [String: String],
                         warnings: inout [String]) throws(JobConfigError) -> JobConfig.Endpoint {
        guard let urlNode = m["url"] else { throw node.error("missing", key: "\(node.path).url") }
        let url = try urlNode.nonEmptyString()
        if let problem = ClientConfiguration.validate(url: url) { throw urlNode.error(problem) }
        var e = JobConfig.Endpoint(url: url, username: try m["username"]?.nonEmptyString())
        let given = ["password_env", "password_file", "password"].filter { m[$0] != nil }
        if given.count > 1, let n = m[given[1]] { throw n.error("give only one of password_env, password_file, password") }
        if let n = m["password_env"] {
            let v = try n.nonEmptyString()
            guard environment[v] != nil else { throw n.error("environment variable \(v) is not set") }
            e.password = .environment(v)
        } else if let n = m["password_file"] {
            let v = try n.nonEmptyString()
            guard FileManager.default.isReadableFile(atPath: v) else { throw n.error("file \(v) not found or not readable") }
            e.password = .file(v)
        } else if let n = m["password"] {
            e.password = .literal(try n.string())
            let at = n.error("")
            warnings.append("\(at.file):\(at.line):\(at.column): \(n.path): a password written in the job file; prefer password_env or password_file")
        }
        if e.password != .none && e.username == nil { throw node.error("a password needs a username", key: "\(node.path).username") }
        e.caCert = try m["ca_cert"]?.nonEmptyString()
        e.insecureSkipVerify = try m["insecure_skip_verify"]?.bool() ?? false
        return e
    }

    static func options(_ n: ConfigNode) throws(JobConfigError) -> JobConfig.Options {
        let m = try n.mapping(allowed: ["chunk", "retries", "retry_delay", "timeout", "jobs", "compression_level", "validate", "obsolete_after",
                                        "max_points_per_second", "max_bytes_per_second"])
        var o = JobConfig.Options()
        o.chunk = try m["chunk"]?.duration()
        o.retries = try m["retries"]?.int(0...100) ?? o.retries
        if let d = try m["retry_delay"]?.durationOrSeconds() { o.retryDelay = Double(d) / 1e9 }
        if let d = try m["timeout"]?.durationOrSeconds() { o.timeout = max(1, Int(d / 1_000_000_000)) }
        o.jobs = try m["jobs"]?.int(1...64) ?? o.jobs
        o.compressionLevel = Int32(try m["compression_level"]?.int(1...19) ?? Int(o.compressionLevel))
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
        let m = try n.mapping(allowed: ["level", "file", "rotate", "keep", "loki"])
        var l = JobConfig.Logging()
        if let lv = m["level"] {
            let s = try lv.string()
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(s) else {
                throw lv.error("expected trace, debug, info, notice, warning, error or critical, got \"\(s)\"")
            }
            l.level = s
        }
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
                guard let bytes = parseSize(text), bytes > 0 else { throw s.error("expected a size such as 10MiB or 500KB, got \"\(text)\"") }
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
                    guard case .scalar(let ks) = key, case .scalar(let vs) = value else { throw labels.error("labels must be name: value pairs") }
                    l.lokiLabels[ks.string] = vs.string
                }
            }
        }
        return l
    }

    static func metrics(_ n: ConfigNode, environment: [String: String], warnings: inout [String]) throws(JobConfigError) -> JobConfig.Metrics {
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
            out.influx = .init(endpoint: try endpoint(i, im, environment: environment, warnings: &warnings), database: try db.nonEmptyString())
        }
        if out.pushgateway == nil && out.influx == nil { throw n.error("expected pushgateway: URL and/or influx: {url: …, database: …}") }
        return out
    }

    /// `10MiB`, `10MB`, `500KB`, `1048576`.
    static func parseSize(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000),
                                        ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (u, scale) in units where text.hasSuffix(u) {
            guard let n = Int64(text.dropLast(u.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
            return overflow ? nil : bytes
        }
        return Int64(text)
    }
}
