import Foundation
import InfluxDump

/// Compares two databases point for point with exact types, independently of the dump code:
/// it reads both sides with non-chunked msgpack queries decoded whole, per RP, measurement and
/// source shard group, and compares canonical renderings of every point (series key, time, and
/// each field's msgpack type and exact bits). It also compares retention policies and
/// SHOW FIELD KEYS / TAG KEYS / SERIES.
struct DatabaseComparator {
    let source: InfluxClient
    let sourceDB: String
    let destination: InfluxClient
    let destinationDB: String

    struct Difference: CustomStringConvertible {
        var what: String
        var description: String { what }

        init(what: String) {
            // Long values (a 70 KB string) would drown the report.
            self.what = what.count > 600 ? String(what.prefix(600)) + "…" : what
        }
    }

    func compare() throws -> (differences: [Difference], points: Int) {
        var diffs: [Difference] = []
        let srcRPs = try retentionPolicies(source, sourceDB)
        let dstRPs = try retentionPolicies(destination, destinationDB)
        if srcRPs != dstRPs { diffs.append(.init(what: "retention policies differ: \(srcRPs) vs \(dstRPs)")) }
        for q in ["SHOW TAG KEYS", "SHOW SERIES"] {
            let a = try rendered(source, sourceDB, q), b = try rendered(destination, destinationDB, q)
            if a != b { diffs.append(.init(what: "\(q) differs: \(a.symmetricDifference(b).sorted().prefix(5))")) }
        }
        var total = 0
        let groups = try shardGroups(source, sourceDB)
        for rp in srcRPs.map(\.name) {
            let fq = "SHOW FIELD KEYS FROM \(InfluxQL.identifier(rp))./.*/"
            let fa = try rendered(source, sourceDB, fq), fb = try rendered(destination, destinationDB, fq)
            if fa != fb { diffs.append(.init(what: "\(fq) differs: \(fa.symmetricDifference(fb).sorted().prefix(5))")) }
            let measurements = Set(fa.map { String($0.split(separator: "\u{1}").first ?? "") })
            for m in measurements.sorted() {
                for g in groups[rp] ?? [] {
                    let a = try points(source, sourceDB, rp, m, g)
                    let b = try points(destination, destinationDB, rp, m, g)
                    total += a.count
                    if a != b {
                        let missing = a.subtracting(b).sorted().prefix(3), extra = b.subtracting(a).sorted().prefix(3)
                        diffs.append(
                            .init(what: "\(rp).\(m) window \(g): \(a.count) vs \(b.count) points; missing \(missing); unexpected \(extra)"))
                    }
                }
            }
        }
        return (diffs, total)
    }

    struct RP: Equatable, CustomStringConvertible {
        var name: String, duration: String, shard: String, isDefault: Bool
        var description: String { "\(name)(\(duration),\(shard)\(isDefault ? ",default" : ""))" }
    }

    func retentionPolicies(_ c: InfluxClient, _ db: String) throws -> [RP] {
        try SchemaDiscovery.rows(c.queryValues("SHOW RETENTION POLICIES ON \(InfluxQL.identifier(db))")).map { row in
            RP(
                name: SchemaDiscovery.column("name", row)?.stringValue ?? "",
                duration: SchemaDiscovery.column("duration", row)?.stringValue ?? "",
                shard: SchemaDiscovery.column("shardGroupDuration", row)?.stringValue ?? "",
                isDefault: SchemaDiscovery.column("default", row)?.boolValue ?? false)
        }.sorted { $0.name < $1.name }
    }

    /// Every row of a SHOW statement as "series\u{1}col=value…".
    func rendered(_ c: InfluxClient, _ db: String, _ q: String) throws -> Set<String> {
        Set(
            try SchemaDiscovery.rows(c.queryValues(q, database: db)).map { row in
                ([row.series ?? ""] + zip(row.columns, row.values).map { "\($0)=\(render($1))" }).joined(separator: "\u{1}")
            })
    }

    /// Source shard groups per RP as (start, end, unbounded) windows.
    func shardGroups(_ c: InfluxClient, _ db: String) throws -> [String: [Window]] {
        var out: [String: Set<Window>] = [:]
        for row in SchemaDiscovery.rows(try c.queryValues("SHOW SHARDS")) where SchemaDiscovery.column("database", row)?.stringValue == db {
            let rp = SchemaDiscovery.column("retention_policy", row)?.stringValue ?? ""
            var s = Timestamp.parseClamped(SchemaDiscovery.column("start_time", row)?.stringValue ?? "") ?? 0
            var e = Timestamp.parseClamped(SchemaDiscovery.column("end_time", row)?.stringValue ?? "") ?? 0
            if e >= 9_223_372_036_000_000_000 { e = .max }
            // The first group is readable only without an upper bound once the server restarted,
            // and no bound may go below MinNanoTime (API facts 2b: `time >= -9223372036854775808`
            // answered nothing on a server whose shards had been snapshotted).
            let broken = s > e || s < Timestamp.minNano
            if broken { s = Timestamp.minNano }
            out[rp, default: []].insert(Window(start: s, end: e, unbounded: broken))
        }
        return out.mapValues { $0.sorted { $0.start < $1.start } }
    }

    struct Window: Hashable, CustomStringConvertible {
        var start: Int64, end: Int64, unbounded: Bool
        var description: String { "[\(start), \(end))" }
    }

    func points(_ c: InfluxClient, _ db: String, _ rp: String, _ m: String, _ w: Window) throws -> Set<String> {
        let from = InfluxQL.source(database: db, retentionPolicy: rp, measurement: m)
        let q = "SELECT * FROM \(from) WHERE time >= \(w.start)\(w.unbounded ? "" : " AND time < \(w.end)") GROUP BY *"
        var out = Set<String>()
        for result in try c.queryValues(q, database: db) {
            for series in result["series"]?.arrayValue ?? [] {
                let tags: String
                if case .map(let items)? = series["tags"] {
                    tags = items.map { "\(render($0.0))=\(render($0.1))" }.sorted().joined(separator: ",")
                } else {
                    tags = ""
                }
                let columns = (series["columns"]?.arrayValue ?? []).map { render($0) }
                for row in series["values"]?.arrayValue ?? [] {
                    let cells = row.arrayValue ?? []
                    guard case .int(let t)? = cells.first else { out.insert("BAD ROW \(cells)"); continue }
                    if t >= w.end || t < w.start { continue }
                    let fields = zip(columns, cells).dropFirst().filter { $0.1 != .null }.map { "\($0.0)=\(render($0.1))" }
                    out.insert("\(render(series["name"] ?? .null)) {\(tags)} @\(t) \(fields.joined(separator: " "))")
                }
            }
        }
        return out
    }

    /// Exact rendering: type tag plus hex bytes or bit pattern.
    func render(_ v: MsgPackValue) -> String {
        switch v {
        case .null: return "nil"
        case .bool(let b): return "b:\(b)"
        case .int(let i): return "i:\(i)"
        case .bigUInt(let u): return "u:\(u)"
        case .float(let d): return "f:\(String(d.bitPattern, radix: 16))"
        case .string(let s): return "s:" + s.map { String(format: "%02x", $0) }.joined()
        case .binary(let s): return "x:" + s.map { String(format: "%02x", $0) }.joined()
        case .ext(let t, let s): return "e\(t):" + s.map { String(format: "%02x", $0) }.joined()
        case .array(let a): return "[" + a.map(render).joined(separator: ",") + "]"
        case .map(let m): return "{" + m.map { render($0.0) + ":" + render($0.1) }.joined(separator: ",") + "}"
        }
    }
}
