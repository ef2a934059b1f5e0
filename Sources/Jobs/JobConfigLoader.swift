import AgeEncryption
import ArchiveFormat
import Foundation
import InfluxAPI
import LineProtocol
import Metrics
import ObjectStorage
import Yams

/// Reads job files: YAML through Yams (LibYAML), then every key checked by hand so each error
/// names `file:line:column` and the key, and an unknown key suggests the nearest valid one.
/// Files written for the Python toolkit are recognised and translated (`LegacyJobConfigLoader`).
public enum JobConfigLoader {
    static let topKeys = [
        "name", "source", "target", "mode", "start", "end", "schedule", "timezone", "fallback_days", "lookback",
        "options", "measurements", "fields", "logging", "metrics",
    ]
    static let endpointKeys = ["url", "username", "password_env", "password_file", "password", "ca_cert", "insecure_skip_verify"]
    /// Names that are never jobs: templates, in either spelling of the Python toolkit's.
    static let templateSuffixes = [".template.yaml", ".template.yml", ".yaml.template", ".yml.template"]

    /// The job files of a folder (`*.yaml`, `*.yml`; not `*.template.yaml`, `*.yaml.template`
    /// or hidden files), sorted; or the file itself.
    public static func discover(_ path: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw JobConfigError(file: path, line: 1, column: 1, key: "", message: "no such file or directory")
        }
        guard isDir.boolValue else { return [path] }
        let entries = try FileManager.default.contentsOfDirectory(atPath: path)
        return entries.filter { name in
            (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !templateSuffixes.contains { name.hasSuffix($0) } && !name.hasPrefix(".")
        }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(JobConfigError)
        -> JobConfig
    {
        let root = try compose(file: file)
        if let shape = LegacyJobConfigLoader.shape(of: root.node) {
            return try LegacyJobConfigLoader.parse(root, shape: shape, environment: environment)
        }
        return try parse(root, file: file, environment: environment)
    }

    /// The file's YAML document, or its first error located.
    static func compose(file: String) throws(JobConfigError) -> ConfigNode {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw JobConfigError(file: file, line: 1, column: 1, key: "", message: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw JobConfigError(file: file, line: 1, column: 1, key: "", message: "empty job file")
            }
            return ConfigNode(node: node, path: "", file: file, fallback: nil)
        } catch let e as JobConfigError {
            throw e
        } catch let e as YamlError {
            throw yamlError(e, file: file)
        } catch {
            throw JobConfigError(file: file, line: 1, column: 1, key: "", message: "\(error)")
        }
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
        let name = try jobName(top["name"], root: root, default: ((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        let sourceNode = try required("source")
        let sourceMap = try sourceNode.mapping(allowed: endpointKeys + ["databases", "retention_policies"])
        let source = try endpoint(sourceNode, sourceMap, environment: environment, warnings: &warnings)
        guard let dbNode = sourceMap["databases"] else { throw sourceNode.error("missing", key: "source.databases") }
        let databases = try databaseList(dbNode)
        let rps = try sourceMap["retention_policies"]?.list().map { n throws(JobConfigError) in try n.nonEmptyString() } ?? []
        let targetNode = try required("target")
        let targetMap = try targetNode.mapping(allowed: ["archive", "server"])
        let target = try self.target(targetNode, targetMap, environment: environment, warnings: &warnings)
        let mode = try self.mode(try required("mode"), top)
        if case .archive(_, let prune, let fullEvery) = target, let a = targetMap["archive"] {
            let incremental: Bool
            if case .incremental = mode { incremental = true } else { incremental = false }
            if let n = try a.mapping(allowed: archiveKeys)["full_every"], !incremental { throw n.error("only for mode: incremental") }
            if incremental, fullEvery == nil, !prune.isEmpty {
                let w = a.error(
                    "an incremental job without full_every keeps one chain, which keep_last, keep_daily and keep_within can never shorten; add full_every (e.g. 7d) to start a new full archive now and then"
                )
                warnings.append("\(w)")
            }
        }
        var job = JobConfig(
            file: file, name: name, source: source, databases: databases, retentionPolicies: rps, target: target, mode: mode)
        if let n = top["options"] { job.options = try options(n) }
        if let n = top["measurements"] { job.measurements = try nameFilter(try n.mapping(allowed: ["include", "exclude"])) }
        if let n = top["fields"] {
            let m = try n.mapping(allowed: ["include", "exclude", "types"])
            job.fields = FieldFilter(names: try nameFilter(m), types: try fieldTypes(m["types"]))
        }
        if let n = top["logging"] { job.logging = try logging(n) }
        if let n = top["metrics"] { job.metrics = try metrics(n, environment: environment, warnings: &warnings) }
        if let n = try targetMap["archive"]?.mapping(allowed: archiveKeys)["s3"] { job.objectStorage = try objectStorage(n) }
        if let n = try targetMap["archive"]?.mapping(allowed: archiveKeys)["encryption"] {
            job.encryption = try encryption(n)
            // Reading earlier archives (watermarks, chains to prune, the check against the source)
            // needs the identity: without it they would look absent, and a run would silently
            // start over or skip its check.
            var needs: [String] = []
            if case .incremental = mode { needs.append("mode: incremental") }
            if case .archive(_, let prune, _) = target, !prune.isEmpty { needs.append("keep_*") }
            if job.options.validate { needs.append("options.validate") }
            if job.encryption.identityFile == nil, !needs.isEmpty {
                throw n.error("\(needs.joined(separator: ", ")) must read earlier encrypted archives: add identity_file")
            }
        }
        job.warnings = warnings
        return job
    }

    /// The job's name: `name:` or, without one, `fallback` (the file's stem); it names a folder.
    static func jobName(_ node: ConfigNode?, root: ConfigNode, default fallback: String) throws(JobConfigError) -> String {
        let name = try node?.nonEmptyString() ?? fallback
        let valid =
            name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            && (name.first.map { $0.isLetter || $0.isNumber } ?? false)
        if !valid {
            throw (node ?? root).error(
                "use letters, digits, '.', '_' and '-', starting with a letter or digit (it names the job's archive folder), got \"\(name)\""
            )
        }
        return name
    }

    /// `databases:`, plain names or `{name, destination}`; at least one.
    static func databaseList(_ dbNode: ConfigNode) throws(JobConfigError) -> [JobConfig.DatabaseMapping] {
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
        return databases
    }

    static let archiveKeys = ["path", "keep_last", "keep_daily", "keep_within", "full_every", "s3", "encryption"]

    /// `target.archive.encryption`: recipients are checked here (a typo fails the file, not a run).
    static func encryption(_ node: ConfigNode) throws(JobConfigError) -> JobConfig.Encryption {
        let m = try node.mapping(allowed: ["recipients", "recipients_file", "identity_file"])
        var e = JobConfig.Encryption()
        for n in try m["recipients"]?.list() ?? [] {
            let text = try n.nonEmptyString()
            do { _ = try AgeRecipient(parsing: text, source: "recipient") } catch { throw n.error("\(error)") }
            e.recipients.append(text)
        }
        e.recipientsFile = try m["recipients_file"]?.nonEmptyString()
        e.identityFile = try m["identity_file"]?.nonEmptyString()
        if e.isEmpty { throw node.error("give recipients or recipients_file") }
        return e
    }

    /// `target.archive.s3`: where an `s3://` path's store is and how objects are written there.
    static func objectStorage(_ node: ConfigNode) throws(JobConfigError) -> S3Options {
        let m = try node.mapping(allowed: [
            "endpoint", "region", "storage_class", "object_lock_days", "object_lock_mode", "ca_cert", "insecure_skip_verify",
        ])
        var o = S3Options()
        o.endpoint = try m["endpoint"]?.nonEmptyString()
        o.region = try m["region"]?.nonEmptyString()
        o.storageClass = try m["storage_class"]?.nonEmptyString()
        o.objectLockDays = try m["object_lock_days"]?.int(1...36_500)
        if let n = m["object_lock_mode"] {
            let mode = try n.nonEmptyString().lowercased()
            guard S3Options.lockModes.contains(mode) else { throw n.error("expected governance or compliance, got \"\(mode)\"") }
            o.objectLockMode = mode
        }
        o.caCert = try m["ca_cert"]?.nonEmptyString()
        o.insecureSkipVerify = try m["insecure_skip_verify"]?.bool() ?? false
        return o
    }

    static func target(
        _ node: ConfigNode, _ targetMap: [String: ConfigNode], environment: [String: String],
        warnings: inout [String]
    ) throws(JobConfigError) -> JobConfig.Target {
        switch (targetMap["archive"], targetMap["server"]) {
        case let (a?, nil):
            let m = try a.mapping(allowed: archiveKeys)
            guard let p = try m["path"]?.nonEmptyString() else { throw a.error("missing", key: "target.archive.path") }
            return .archive(
                path: p,
                prune: PrunePolicy(
                    keepLast: try m["keep_last"]?.int(1...100_000),
                    keepDaily: try m["keep_daily"]?.int(1...100_000),
                    keepWithin: try m["keep_within"]?.duration()),
                fullEvery: try m["full_every"]?.duration())
        case let (nil, s?):
            let m = try s.mapping(allowed: endpointKeys)
            return .server(try endpoint(s, m, environment: environment, warnings: &warnings))
        case (_?, _?): throw node.error("give either archive or server, not both")
        case (nil, nil): throw node.error("expected archive: {path: …} or server: {url: …}")
        }
    }

    static func mode(_ modeNode: ConfigNode, _ top: [String: ConfigNode]) throws(JobConfigError) -> JobConfig.Mode {
        let modeText = try modeNode.string()
        switch modeText {
        case "range":
            for k in ["schedule", "fallback_days", "lookback", "timezone"] {
                if let n = top[k] { throw n.error("only for mode: incremental") }
            }
            let start = try top["start"]?.timestamp(), end = try top["end"]?.timestamp()
            if let start, let end, start >= end, let n = top["end"] { throw n.error("must be after start") }
            return .range(start: start, end: end)
        case "incremental":
            for k in ["start", "end"] {
                if let n = top[k] { throw n.error("only for mode: range") }
            }
            var zone = TimeZone(identifier: "UTC")!
            if let n = top["timezone"] {
                let id = try n.string()
                guard let z = TimeZone(identifier: id) else {
                    throw n.error("unknown time zone \"\(id)\" (use a name like UTC or Europe/Paris)")
                }
                zone = z
            }
            var lookback: Int64 = 0
            if let n = top["lookback"] {
                lookback = try n.string() == "0" ? 0 : n.duration()
            }
            return .incremental(
                schedule: try top["schedule"].map(schedule), timeZone: zone,
                fallbackDays: try top["fallback_days"]?.int(0...36_500) ?? 7, lookback: lookback)
        default:
            throw modeNode.error("expected range or incremental, got \"\(modeText)\"")
        }
    }

    static func schedule(_ n: ConfigNode) throws(JobConfigError) -> CronExpression {
        do { return try CronExpression(try n.string()) } catch let e as CronExpression.ParseError { throw n.error(e.description) } catch {
            throw n.error("\(error)")
        }
    }

    static func endpoint(
        _ node: ConfigNode, _ m: [String: ConfigNode], environment: [String: String],
        warnings: inout [String]
    ) throws(JobConfigError) -> JobConfig.Endpoint {
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
            warnings.append(
                "\(at.file):\(at.line):\(at.column): \(n.path): a password written in the job file; prefer password_env or password_file")
        }
        if e.password != .none && e.username == nil { throw node.error("a password needs a username", key: "\(node.path).username") }
        e.caCert = try m["ca_cert"]?.nonEmptyString()
        e.insecureSkipVerify = try m["insecure_skip_verify"]?.bool() ?? false
        return e
    }
}
