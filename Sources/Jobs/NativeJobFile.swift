import Foundation
import LineProtocol
import ObjectStorage
import Support
import Yams

/// Writes a `JobConfig` as a native job file (`influxdump config convert`), so a file of the
/// Python toolkit can be migrated. Loading the output gives the same job. A password written in
/// the source file is never printed: the output names an environment variable to set instead.
public enum NativeJobFile {
    public static func render(_ job: JobConfig) -> String {
        var out = header(job)
        out.append("name: \(scalar(job.name))")
        out += endpoint("source", job.source, job: job)
        out.append("  databases:")
        for d in job.databases {
            out.append("    - name: \(scalar(d.name))")
            if d.destination != d.name { out.append("      destination: \(scalar(d.destination))") }
        }
        if !job.retentionPolicies.isEmpty { out.append("  retention_policies: \(list(job.retentionPolicies))") }
        out.append("target:")
        switch job.target {
        case .archive(let path, let prune, let fullEvery):
            out.append("  archive:")
            out.append("    path: \(scalar(path))")
            if let n = prune.keepLast { out.append("    keep_last: \(n)") }
            if let n = prune.keepDaily { out.append("    keep_daily: \(n)") }
            if let n = prune.keepWithin { out.append("    keep_within: \(duration(n))") }
            if let n = fullEvery { out.append("    full_every: \(duration(n))") }
            out += objectStorage(job.objectStorage)
            if !job.encryption.isEmpty {
                out.append("    encryption:")
                if !job.encryption.recipients.isEmpty { out.append("      recipients: \(list(job.encryption.recipients))") }
                if let f = job.encryption.recipientsFile { out.append("      recipients_file: \(scalar(f))") }
                if let f = job.encryption.identityFile { out.append("      identity_file: \(scalar(f))") }
            }
        case .server(let e):
            out += endpoint("server", e, job: job).map { "  " + $0 }
        }
        out += mode(job.mode)
        out += options(job.options)
        out += filters(job)
        out += logging(job.logging)
        out += metrics(job)
        return out.joined(separator: "\n") + "\n"
    }

    /// `target.archive.s3`, when anything of it is set.
    static func objectStorage(_ o: S3Options) -> [String] {
        var lines: [String] = []
        if let v = o.endpoint { lines.append("      endpoint: \(scalar(v))") }
        if let v = o.region { lines.append("      region: \(scalar(v))") }
        if let v = o.storageClass { lines.append("      storage_class: \(scalar(v))") }
        if let v = o.objectLockDays { lines.append("      object_lock_days: \(v)") }
        if let v = o.objectLockMode { lines.append("      object_lock_mode: \(v)") }
        if let v = o.caCert { lines.append("      ca_cert: \(scalar(v))") }
        if o.insecureSkipVerify { lines.append("      insecure_skip_verify: true") }
        return lines.isEmpty ? [] : ["    s3:"] + lines
    }

    /// The environment variable `convert` suggests for a password that was written in the file.
    public static func passwordVariable(job: String, endpoint: String) -> String {
        let clean = job.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return "INFLUXDUMP_\(String(clean))_\(endpoint.uppercased())_PASSWORD"
    }

    static func header(_ job: JobConfig) -> [String] {
        var out = ["# influxdump job file, converted by `influxdump config convert` from \(job.file)"]
        if let shape = job.legacyShape {
            out.append("# (written for the Python toolkit: \(shape.rawValue)). Reference: README.md, \"Job files\".")
        }
        for w in job.warnings { out.append("# note: \(w)") }
        return out
    }

    static func endpoint(_ key: String, _ e: JobConfig.Endpoint, job: JobConfig) -> [String] {
        var out = ["\(key):", "  url: \(scalar(e.url))"]
        if let u = e.username { out.append("  username: \(scalar(u))") }
        switch e.password {
        case .none: break
        case .environment(let v): out.append("  password_env: \(scalar(v))")
        case .file(let p): out.append("  password_file: \(scalar(p))")
        case .literal:
            out.append("  # The old file held this password in plain text; it is not copied here. Set the variable")
            out.append("  # below to it, or write it to a file readable only by influxdump and use password_file: PATH.")
            out.append("  password_env: \(passwordVariable(job: job.name, endpoint: key))")
        }
        if let c = e.caCert { out.append("  ca_cert: \(scalar(c))") }
        if e.insecureSkipVerify { out.append("  insecure_skip_verify: true") }
        return out
    }

    static func mode(_ mode: JobConfig.Mode) -> [String] {
        switch mode {
        case .range(let start, let end):
            var out = ["mode: range"]
            if start == nil && end == nil { out[0] += "  # no start or end: the whole database, once" }
            if let s = start { out.append("start: \(Timestamp.format(s))") }
            if let e = end { out.append("end: \(Timestamp.format(e))") }
            return out
        case .incremental(let schedule, let zone, let fallbackDays, let lookback):
            var out = ["mode: incremental"]
            if let s = schedule { out.append("schedule: \(scalar(s.text))") } else { out[0] += "  # no schedule: once per run" }
            // Foundation names UTC "GMT" on Linux.
            if !["UTC", "GMT"].contains(zone.identifier) { out.append("timezone: \(scalar(zone.identifier))") }
            out.append("fallback_days: \(fallbackDays)")
            if lookback != 0 { out.append("lookback: \(duration(lookback))") }
            return out
        }
    }

    static func options(_ o: JobConfig.Options) -> [String] {
        let d = JobConfig.Options()
        var out: [String] = []
        if let c = o.chunk { out.append("  chunk: \(duration(c))") }
        if o.retries != d.retries { out.append("  retries: \(o.retries)") }
        if o.retryDelay != d.retryDelay { out.append("  retry_delay: \(duration(Int64((o.retryDelay * 1e9).rounded())))") }
        if o.timeout != d.timeout { out.append("  timeout: \(o.timeout)s") }
        if o.jobs != d.jobs { out.append("  jobs: \(o.jobs)") }
        if o.compressionLevel != d.compressionLevel { out.append("  compression_level: \(o.compressionLevel)") }
        if o.queryShape != d.queryShape { out.append("  query_shape: \(o.queryShape.rawValue)") }
        if o.validate { out.append("  validate: true") }
        if let n = o.obsoleteAfter { out.append("  obsolete_after: \(duration(n))") }
        if let n = o.maxPointsPerSecond { out.append("  max_points_per_second: \(n)") }
        if let n = o.maxBytesPerSecond { out.append("  max_bytes_per_second: \(n)") }
        return out.isEmpty ? [] : ["options:"] + out
    }

    static func filters(_ job: JobConfig) -> [String] {
        func lists(_ f: NameFilter) -> [String] {
            (f.include.isEmpty ? [] : ["  include: \(list(f.include.map(\.text)))"])
                + (f.exclude.isEmpty ? [] : ["  exclude: \(list(f.exclude.map(\.text)))"])
        }
        var out: [String] = []
        if !job.measurements.isEmpty { out += ["measurements:"] + lists(job.measurements) }
        if !job.fields.isEmpty {
            out += ["fields:"] + lists(job.fields.names)
            if !job.fields.types.isEmpty { out.append("  types: \(list(job.fields.types.sorted().map(\.rawValue)))") }
        }
        return out
    }

    static func logging(_ l: JobConfig.Logging) -> [String] {
        var out: [String] = []
        if l.level != JobConfig.Logging().level { out.append("  level: \(l.level)") }
        if let f = l.file { out.append("  file: \(scalar(f))") }
        switch l.rotation {
        case .daily?: out.append("  rotate: {daily: true, keep: \(l.keep)}")
        case .size(let n)?: out.append("  rotate: {size: \(n), keep: \(l.keep)}")
        case nil: break
        }
        if let u = l.lokiURL {
            out += ["  loki:", "    url: \(scalar(u))"]
            if !l.lokiLabels.isEmpty {
                let pairs = l.lokiLabels.sorted { $0.key < $1.key }.map { "\(scalar($0.key)): \(scalar($0.value))" }
                out.append("    labels: {" + pairs.joined(separator: ", ") + "}")
            }
        }
        return out.isEmpty ? [] : ["logging:"] + out
    }

    static func metrics(_ job: JobConfig) -> [String] {
        var out: [String] = []
        if let p = job.metrics.pushgateway { out.append("  pushgateway: \(scalar(p))") }
        if let i = job.metrics.influx {
            out += endpoint("influx", i.endpoint, job: job).map { "  " + $0 }
            out.append("    database: \(scalar(i.database))")
        }
        return out.isEmpty ? [] : ["metrics:"] + out
    }

    static func duration(_ ns: Int64) -> String {
        let text = GoDuration.influxQL(ns)
        return text.hasSuffix("w") ? "\(ns / 86_400_000_000_000)d" : text
    }

    static func list(_ items: [String]) -> String { "[" + items.map(scalar).joined(separator: ", ") + "]" }

    /// A YAML scalar that reads back as exactly this string: Yams (LibYAML's emitter) picks plain
    /// style where that is unambiguous and quotes otherwise (`"true"`, `"123"`, `"a: b"`).
    static func scalar(_ s: String) -> String {
        var text = (try? Yams.dump(object: s, width: -1, allowUnicode: true)) ?? "\"\(s)\"\n"
        if text.hasSuffix("\n...\n") { text.removeLast(4) }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
