import InfluxDump

/// The text report of `restore --dry-run`: what would be created and written, then warnings.
enum RestorePlanText {
    static func render(_ plan: RestorePlan) -> String {
        var out: [String] = []
        appendHeader(plan, to: &out)
        for db in plan.databases { appendDatabase(db, to: &out) }
        if let cqs = plan.continuousQueries { appendContinuousQueries(cqs, to: &out) }
        if let users = plan.users { appendUsers(users, to: &out) }
        appendTotalsAndWarnings(plan, to: &out)
        return out.joined(separator: "\n")
    }

    private static func appendHeader(_ plan: RestorePlan, to out: inout [String]) {
        out.append("dry run: nothing was created or written on \(plan.destination) (evaluated at \(Timestamp.format(plan.evaluatedAt)))")
        for a in plan.archives { out.append("archive: \(a)") }
        if plan.start != nil || plan.end != nil {
            out.append(
                "time range: \(plan.start.map(Timestamp.format) ?? "beginning") to \(plan.end.map(Timestamp.format) ?? "end") (end exclusive)"
            )
        }
    }

    private static func appendDatabase(_ db: RestorePlan.Database, to out: inout [String]) {
        out.append("")
        let name = db.source == db.target ? db.target : "\(db.source) -> \(db.target)"
        out.append("database \(name): \(db.action == .create ? "would be created" : "exists")")
        for rp in db.retentionPolicies {
            out.append("  retention policy \(rp.name): " + describe(rp, newDatabase: db.action == .create))
        }
        var rows: [[String]] = []
        for rp in db.retentionPolicies {
            for m in rp.measurements { rows.append([rp.name, m.name, "\(m.segments)", "\(m.points)", formatBytes(m.rawBytes)]) }
        }
        if rows.isEmpty {
            out.append("  no points to write")
        } else {
            let lines = table([["RP", "MEASUREMENT", "SEGMENTS", "POINTS", "SEGMENTS' LINE PROTOCOL"]] + rows, right: [2, 3, 4])
            out += lines.split(separator: "\n").map { "  " + $0 }
        }
        for s in db.statements { out.append("  would run: \(s)") }
    }

    private static func appendContinuousQueries(_ cqs: [RestorePlan.ContinuousQueryAction], to out: inout [String]) {
        out.append("")
        out.append(cqs.isEmpty ? "continuous queries: none archived" : "continuous queries:")
        for cq in cqs {
            let what: String
            switch cq.action {
            case .create: what = "would be created: \(cq.query)"
            case .exists: what = "exists with the same text: left as is"
            case .differs: what = "exists with another text: left as is (archived: \(cq.query))"
            default: what = "would NOT be created: \(cq.reason ?? "")"
            }
            out.append("  \(cq.database)/\(cq.name): \(what)")
        }
    }

    private static func appendUsers(_ users: [RestorePlan.UserAction], to out: inout [String]) {
        out.append("")
        out.append(users.isEmpty ? "users: none archived for the selected databases" : "users:")
        for u in users {
            let grants = u.grants.map { "\($0.privilege) on \($0.database)" }.joined(separator: ", ")
            var line = "  \(u.name)\(u.admin ? " (admin)" : ""): "
            line +=
                u.action == .create
                ? (u.disabled
                    ? "would be created without a usable password (set one afterwards)" : "would be created with the given password")
                : "exists: password left as is"
            if !grants.isEmpty { line += "; would grant \(grants)" }
            out.append(line)
            for w in u.warnings { out.append("    warning: \(w)") }
        }
    }

    private static func appendTotalsAndWarnings(_ plan: RestorePlan, to out: inout [String]) {
        out.append("")
        out.append(
            "would write \(plan.totals.points) point(s) from \(plan.totals.segments) segment(s) (\(formatBytes(plan.totals.rawBytes)) of line protocol)"
        )
        if !plan.retentionWarnings.isEmpty || !plan.fieldTypeConflicts.isEmpty { out.append("") }
        for w in plan.retentionWarnings {
            out.append(
                "warning: \(w.database)/\(w.retentionPolicy)/\(w.measurement): \(w.points) point(s) in \(w.segments) segment(s) are older than the retention policy's duration \(GoDuration.influxQL(w.duration)) (before \(Timestamp.format(w.cutoff))): the server would drop them"
            )
        }
        for c in plan.fieldTypeConflicts {
            out.append(
                "warning: \(c.database)/\(c.retentionPolicy)/\(c.measurement): field \(c.field) is \(c.archiveTypes.map(\.rawValue).joined(separator: "/")) in the archive but \(c.destinationTypes.map(\.rawValue).joined(separator: "/")) on the destination: points of \(c.segments) segment(s) (\(c.points) point(s)) may be refused as a field type conflict"
            )
        }
        let n = plan.warningCount
        out.append("dry run finished with \(n) warning(s)")
    }

    private static func describe(_ rp: RestorePlan.RetentionPolicy, newDatabase: Bool) -> String {
        func settings(_ s: RetentionPolicySettings) -> String {
            "duration \(GoDuration.influxQL(s.duration)), shard duration \(GoDuration.influxQL(s.shardGroupDuration))\(s.isDefault ? ", default" : "")"
        }
        switch rp.action {
        case .create: return "would be created (\(settings(rp.archived)))"
        case .alter: return "would be set to \(settings(rp.archived))"
        case .differs:
            return
                "WARNING exists with other settings (\(rp.destination.map(settings) ?? "?")) than archived (\(settings(rp.archived))): left as is"
        default:
            if newDatabase { return "comes with the new database (\(settings(rp.archived)))" }
            return "exists (\(settings(rp.destination ?? rp.archived)))"
        }
    }
}
