/// After a live copy: per measurement and window, compares `count()` of every copied field
/// between source and destination, and names each window that differs.
struct CountValidator {
    let source: InfluxClient
    let destination: InfluxClient
    let map: [String: String]

    func compare(_ manifest: Manifest) throws -> [String] {
        struct Window: Hashable { var db: String, rp: String, m: String, start: Int64, end: Int64 }
        var fields: [Window: Set<String>] = [:]
        for s in manifest.segments {
            fields[Window(db: s.database, rp: s.retentionPolicy, m: s.measurement, start: s.windowStart, end: s.windowEnd), default: []].formUnion(s.fields.keys)
        }
        var mismatches: [String] = []
        for (w, keys) in fields.sorted(by: { ($0.key.db, $0.key.rp, $0.key.m, $0.key.start) < ($1.key.db, $1.key.rp, $1.key.m, $1.key.start) }) {
            // The first shard group cannot be queried with an upper bound on 1.6.7 (see the dump).
            guard w.start != .min, !keys.isEmpty else { continue }
            let select = keys.sorted().map { "count(\(InfluxQL.identifier($0))) AS \(InfluxQL.identifier($0))" }.joined(separator: ", ")
            func counts(_ c: InfluxClient, _ db: String) throws -> [String: Int64] {
                let q = "SELECT \(select) FROM \(InfluxQL.source(database: db, retentionPolicy: w.rp, measurement: w.m)) WHERE time >= \(w.start) AND time < \(w.end)"
                guard let row = SchemaDiscovery.rows(try c.queryValues(q, database: db)).first else { return [:] }
                return Dictionary(zip(row.columns, row.values).compactMap { k, v in v.intValue.map { (k, $0) } }, uniquingKeysWith: { a, _ in a })
            }
            let a = try counts(source, w.db).filter { $0.key != "time" }, b = try counts(destination, map[w.db] ?? w.db).filter { $0.key != "time" }
            func text(_ c: [String: Int64]) -> String { c.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
            if a != b {
                mismatches.append("\(w.db)/\(w.rp)/\(w.m) [\(Timestamp.format(w.start)), \(w.end == .max ? "end" : Timestamp.format(w.end))): source counts \(text(a)), destination \(text(b))")
            }
        }
        return mismatches
    }
}
