import Foundation
import LineProtocol
import Support
import Yams

/// Reads, as they are, the job files of the Python toolkit influxdump replaces, in its two
/// documented shapes, into the same `JobConfig` a native file gives (README §Job files from the
/// Python toolkit). Keys that mean nothing here are warnings, not errors, so old folders run
/// unchanged; a malformed value is still a `file:line:col` error, as in native files.
enum LegacyJobConfigLoader {
    /// Keys of shape (a) that mark a file as the toolkit's: native files have `target` instead.
    static let perJobMarkers: Set<String> = ["destination", "start_date", "end_date"]
    static let processMarkers: Set<String> = ["source_server", "destination_server", "backup_config"]
    /// Endpoint keys of the toolkit (`user`) and native ones (accepted, so half-migrated files work).
    static let endpointKeys = ["url", "user", "username", "password", "password_env", "password_file", "ca_cert", "insecure_skip_verify"]

    /// The legacy shape of a document, or nil for a native job file (any file with `target`).
    static func shape(of node: Node) -> JobConfig.LegacyShape? {
        guard case .mapping(let m) = node else { return nil }
        let keys = m.compactMap { $0.key.scalar?.string }
        if keys.contains("target") { return nil }
        if keys.count == 1, let value = m.first?.value, case .mapping(let inner) = value,
            inner.contains(where: { processMarkers.contains($0.key.scalar?.string ?? "") })
        {
            return .process
        }
        return keys.contains(where: perJobMarkers.contains) ? .perJob : nil
    }

    static func parse(_ root: ConfigNode, shape: JobConfig.LegacyShape, environment: [String: String]) throws(JobConfigError) -> JobConfig {
        var job: JobConfig
        switch shape {
        case .perJob: job = try perJob(root, environment: environment)
        case .process: job = try process(root, environment: environment)
        }
        job.legacyShape = shape
        job.warnings = inFileOrder(job.warnings, file: root.file)
        return job
    }

    /// Warnings (`file:line:col: …`) sorted by where they point, as a reader goes down the file.
    static func inFileOrder(_ warnings: [String], file: String) -> [String] {
        func position(_ w: (offset: Int, element: String)) -> (Int, Int, Int) {
            let parts = w.element.dropFirst(file.count + 1).split(separator: ":", maxSplits: 2)
            guard parts.count > 2 else { return (0, 0, w.offset) }
            return (Int(parts[0]) ?? 0, Int(parts[1]) ?? 0, w.offset)
        }
        return warnings.enumerated().sorted { position($0) < position($1) }.map(\.element)
    }

    // MARK: shape (a): one job per file

    static func perJob(_ root: ConfigNode, environment: [String: String]) throws(JobConfigError) -> JobConfig {
        var warnings: [String] = []
        let keys = ["name", "source", "destination", "mode", "start_date", "end_date", "measurements", "fields", "options", "logging"]
        let top = try root.lenientMapping(known: keys, warnings: &warnings)
        let stem = ((root.file as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = try JobConfigLoader.jobName(top["name"], root: root, default: stem)
        guard let sourceNode = top["source"] else { throw root.error("missing", key: "source") }
        let sourceMap = try sourceNode.lenientMapping(known: endpointKeys + ["databases"], warnings: &warnings)
        let source = try endpoint(sourceNode, sourceMap, environment: environment, warnings: &warnings)
        guard let dbNode = sourceMap["databases"] else { throw sourceNode.error("missing", key: "source.databases") }
        let databases = try self.databases(dbNode, warnings: &warnings)
        guard let destNode = top["destination"] else {
            throw root.error("missing (the server to copy into: destination: {url: …})", key: "destination")
        }
        let destination = try endpoint(
            destNode, try destNode.lenientMapping(known: endpointKeys, warnings: &warnings),
            environment: environment, warnings: &warnings)
        var options = JobConfig.Options()
        var incremental: [String: ConfigNode] = [:]
        if let n = top["options"] { (options, incremental) = try self.options(n, warnings: &warnings) }
        let mode = try perJobMode(root, top, incremental: incremental, warnings: &warnings)
        var job = JobConfig(
            file: root.file, name: name, source: source, databases: databases, retentionPolicies: [],
            target: .server(destination), mode: mode)
        job.options = options
        if let n = top["measurements"] {
            job.measurements = try JobConfigLoader.nameFilter(try n.lenientMapping(known: ["include", "exclude"], warnings: &warnings))
        }
        if let n = top["fields"] {
            let m = try n.lenientMapping(known: ["include", "exclude", "types"], warnings: &warnings)
            job.fields = FieldFilter(
                names: try JobConfigLoader.nameFilter(m),
                types: try JobConfigLoader.fieldTypes(m["types"], aliases: typeAliases))
        }
        if let n = top["logging"] { job.logging = try logging(n, warnings: &warnings) }
        job.warnings = warnings
        return job
    }

    /// The toolkit's names for field types, beside influxdump's own.
    static let typeAliases: [String: [FieldType]] = [
        "numeric": [.float, .integer], "number": [.float, .integer], "int": [.integer], "bool": [.boolean], "str": [.string],
    ]

    /// `mode` with `start_date`/`end_date` (range) or `options.incremental` (incremental); `full`
    /// is the whole database, once.
    static func perJobMode(
        _ root: ConfigNode, _ top: [String: ConfigNode], incremental: [String: ConfigNode],
        warnings: inout [String]
    ) throws(JobConfigError) -> JobConfig.Mode {
        let text = try top["mode"]?.string().lowercased() ?? "range"
        if top["mode"] == nil { warnings.append(root.error("missing; copying as mode: range", key: "mode").description) }
        func ignore(_ nodes: [ConfigNode?], _ why: String) {
            for n in nodes.compactMap({ $0 }).sorted(by: { $0.position < $1.position }) {
                warnings.append(n.error("ignored: \(why)").description)
            }
        }
        switch text {
        case "range":
            ignore(Array(incremental.values), "only for mode: incremental")
            let start = try top["start_date"].map(date), end = try top["end_date"].map(date)
            if let start, let end, start >= end, let n = top["end_date"] { throw n.error("must be after start_date") }
            return .range(start: start, end: end)
        case "full":
            ignore([top["start_date"], top["end_date"]] + Array(incremental.values), "mode: full copies the whole database")
            return .range(start: nil, end: nil)
        case "incremental":
            ignore([top["start_date"], top["end_date"]], "only for mode: range")
            return .incremental(
                schedule: try incremental["schedule"].map(JobConfigLoader.schedule), timeZone: TimeZone(identifier: "UTC")!,
                fallbackDays: try incremental["fallback_days"]?.int(0...36_500) ?? 7, lookback: 0)
        default:
            throw (top["mode"] ?? root).error("expected range, incremental or full, got \"\(text)\"")
        }
    }

    /// The toolkit's dates: RFC3339, a date (midnight UTC), integer nanoseconds, or a date and
    /// time without a zone (read as UTC, as the toolkit did).
    static func date(_ n: ConfigNode) throws(JobConfigError) -> Int64 {
        let s = try n.string()
        if let t = Timestamp.parse(s) ?? Timestamp.parse(s + "Z") { return t }
        throw n.error("expected a date (2026-01-01), an RFC3339 time (2026-01-01T00:00:00Z) or integer nanoseconds, got \"\(s)\"")
    }

    /// `databases:` items: plain names or `{name, destination}` (the destination database).
    static func databases(_ node: ConfigNode, warnings: inout [String]) throws(JobConfigError) -> [JobConfig.DatabaseMapping] {
        var out: [JobConfig.DatabaseMapping] = []
        for item in try node.list() {
            if case .scalar = item.node {
                let n = try item.nonEmptyString()
                out.append(.init(name: n, destination: n))
                continue
            }
            let m = try item.lenientMapping(known: ["name", "destination"], warnings: &warnings)
            guard let n = try m["name"]?.nonEmptyString() else { throw item.error("missing", key: "\(item.path).name") }
            out.append(.init(name: n, destination: try m["destination"]?.nonEmptyString() ?? n))
        }
        guard !out.isEmpty else { throw node.error("list at least one database") }
        return out
    }

    /// A server: `user` or `username`; an empty user or password means none (the toolkit's
    /// files write `password: ""` for a server without authentication).
    static func endpoint(
        _ node: ConfigNode, _ given: [String: ConfigNode], environment: [String: String],
        warnings: inout [String]
    ) throws(JobConfigError) -> JobConfig.Endpoint {
        var m = given
        if m["user"] != nil, let n = m["username"] { throw n.error("give only one of user, username") }
        if let u = m.removeValue(forKey: "user") { m["username"] = u }
        for key in ["username", "password"] {
            if let n = m[key], case .scalar(let s) = n.node, s.string.isEmpty { m[key] = nil }
        }
        return try JobConfigLoader.endpoint(node, m, environment: environment, warnings: &warnings)
    }
}

extension ConfigNode {
    /// Like `mapping(allowed:)`, but a key outside `known` is a warning (`ignored`), not an
    /// error: the toolkit's files carry settings influxdump has no use for. `reasons` says why a
    /// known-useless key is ignored.
    func lenientMapping(
        known: [String], reasons: [String: String] = [:],
        warnings: inout [String]
    ) throws(JobConfigError) -> [String: ConfigNode] {
        let all = try mapping(allowed: known + Array(reasons.keys) + unknownKeys(known + Array(reasons.keys)))
        var out: [String: ConfigNode] = [:]
        for (key, node) in all.sorted(by: { $0.value.position < $1.value.position }) {
            if known.contains(key) {
                out[key] = node
            } else if let why = reasons[key] {
                warnings.append(node.error("ignored: \(why)").description)
            } else {
                let hint = Self.nearest(key, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
                warnings.append(node.error("ignored: influxdump has no such setting\(hint)").description)
            }
        }
        return out
    }

    /// Line and column, to order warnings as they appear in the file.
    var position: (Int, Int) { (mark?.line ?? 0, mark?.column ?? 0) }

    /// The keys of this mapping not in `known` (so `mapping(allowed:)` still rejects duplicates).
    private func unknownKeys(_ known: [String]) -> [String] {
        guard case .mapping(let m) = node else { return [] }
        return m.compactMap { $0.key.scalar?.string }.filter { !known.contains($0) }
    }
}
