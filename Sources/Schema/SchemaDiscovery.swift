import ArchiveFormat
import InfluxAPI
import LineProtocol
import Support

/// Reads databases, retention policies, measurements, field types, shard groups and continuous
/// queries from a server with SHOW statements (index look-ups, cheap).
public struct SchemaDiscovery {
    let client: InfluxClient

    public init(client: InfluxClient) { self.client = client }

    /// Rows of every series of the first result: [[column: value]] flattened with the series name.
    public static func rows(_ results: [MsgPackValue]) -> [(series: String?, columns: [String], values: [MsgPackValue])] {
        var out: [(String?, [String], [MsgPackValue])] = []
        for series in results.first?["series"]?.arrayValue ?? [] {
            let columns = (series["columns"]?.arrayValue ?? []).map { $0.stringValue ?? "" }
            for row in series["values"]?.arrayValue ?? [] {
                out.append((series["name"]?.stringValue, columns, row.arrayValue ?? []))
            }
        }
        return out
    }

    public static func column(_ name: String, _ row: (series: String?, columns: [String], values: [MsgPackValue])) -> MsgPackValue? {
        guard let i = row.columns.firstIndex(of: name), i < row.values.count else { return nil }
        return row.values[i]
    }

    public func databases() throws -> [String] {
        try Self.rows(client.queryValues("SHOW DATABASES")).compactMap { $0.values.first?.stringValue }
    }

    /// `retentionPolicies` and `measurements` hold names or `/regex/`; a plain RP name that a
    /// database lacks is an error (a regex may match nothing).
    public func discover(
        databases wanted: [String], retentionPolicies rpTexts: [String], measurements measurementTexts: [String],
        serverVersion: String
    ) throws -> ServerSchema {
        let rpFilter = try NameFilter(including: rpTexts)
        let measurementFilter = try NameFilter(including: measurementTexts)
        let all = try databases()
        let names: [String]
        if wanted.isEmpty {
            names = all.filter { $0 != "_internal" }
        } else {
            for db in wanted where !all.contains(db) { throw SchemaError.noSuchDatabase(db) }
            names = wanted
        }
        let shards = try shardGroups()
        var notes: [String] = []
        var cqs: [String: [Manifest.ContinuousQuery]] = [:]
        do { cqs = try continuousQueries() } catch let e as InfluxClientError {
            guard Self.lacksAdmin(e) else { throw e }
            notes.append(Manifest.continuousQueriesNotSaved)
        }
        var result: [ServerSchema.Database] = []
        var findings: [String] = []
        for db in names {
            var rps: [ServerSchema.RetentionPolicy] = []
            var read = Set<String>()
            for (name, settings) in try retentionPolicies(database: db) where rpFilter.accepts(name) {
                let answer = try fieldKeyAnswer(database: db, retentionPolicy: name)
                var measurements = Self.fieldKeys(in: answer)
                read.formUnion(measurements.keys)
                let names = Self.invalidNames(in: answer)
                for bad in names.invalid {
                    let merged = String(decoding: bad, as: UTF8.self)
                    if !names.valid.contains(merged) { measurements[merged] = nil }
                    findings.append(Self.invalidNameFinding(database: db, retentionPolicy: name, name: bad))
                }
                if !measurementFilter.isEmpty { measurements = measurements.filter { measurementFilter.accepts($0.key) } }
                rps.append(
                    .init(
                        name: name, duration: settings.duration, shardGroupDuration: settings.shardGroupDuration,
                        replicaN: settings.replicaN, isDefault: settings.isDefault,
                        measurements: measurements,
                        shardGroups: (shards[db]?[name] ?? []).sorted { $0.start < $1.start }))
            }
            for rp in rpFilter.include where !rp.isRegex && !rps.contains(where: { $0.name == rp.text }) {
                throw SchemaError.noSuchRetentionPolicy(database: db, name: rp.text)
            }
            result.append(.init(name: db, retentionPolicies: rps, continuousQueries: cqs[db] ?? []))
            for m in try indexOnlyMeasurements(database: db, read: read) where measurementFilter.accepts(m) {
                notes.append(
                    "\(db): measurement \"\(m)\" is in the index but no retention policy has field keys for it (series left by failed writes?); SELECT cannot read it, so there was nothing to save"
                )
            }
        }
        return ServerSchema(serverVersion: serverVersion, databases: result, notes: notes, findings: findings)
    }

    /// The RPs of a database in the order the server lists them.
    public func retentionPolicies(database: String) throws -> [(name: String, settings: RetentionPolicySettings)] {
        let q = "SHOW RETENTION POLICIES ON \(InfluxQL.identifier(database))"
        return try Self.rows(client.queryValues(q)).map { row in
            guard let name = Self.column("name", row)?.stringValue,
                let dText = Self.column("duration", row)?.stringValue, let d = GoDuration.parse(dText),
                let sText = Self.column("shardGroupDuration", row)?.stringValue, let s = GoDuration.parse(sText)
            else {
                throw SchemaError.unexpectedSchema(query: q, problem: "unreadable retention policy row")
            }
            return (
                name,
                RetentionPolicySettings(
                    duration: d, shardGroupDuration: s, replicaN: Int(Self.column("replicaN", row)?.intValue ?? 1),
                    isDefault: Self.column("default", row)?.boolValue ?? false)
            )
        }
    }

    /// measurement → field key → types, for one RP (SHOW FIELD KEYS honours the RP).
    package func fieldKeys(database: String, retentionPolicy: String) throws -> [String: [String: [FieldType]]] {
        Self.fieldKeys(in: try fieldKeyAnswer(database: database, retentionPolicy: retentionPolicy))
    }

    /// SHOW FIELD KEYS of one RP, as the server answered (read once, for the field types and for
    /// the raw measurement names `invalidNames(in:)` checks).
    func fieldKeyAnswer(database: String, retentionPolicy: String) throws -> [MsgPackValue] {
        try client.queryValues("SHOW FIELD KEYS ON \(InfluxQL.identifier(database)) FROM \(InfluxQL.identifier(retentionPolicy))./.*/")
    }

    static func fieldKeys(in answer: [MsgPackValue]) -> [String: [String: [FieldType]]] {
        var out: [String: [String: [FieldType]]] = [:]
        for row in rows(answer) {
            guard let m = row.series, let key = column("fieldKey", row)?.stringValue,
                let type = column("fieldType", row)?.stringValue.flatMap(FieldType.init(rawValue:))
            else { continue }
            out[m, default: [:]][key, default: []].append(type)
        }
        return out
    }

    /// database → RP → shard groups. Needs admin; without it the caller plans aligned windows.
    func shardGroups() throws -> [String: [String: [ShardGroupWindow]]] {
        let results: [MsgPackValue]
        do { results = try client.queryValues("SHOW SHARDS") } catch let e as InfluxClientError {
            if Self.lacksAdmin(e) { return [:] }
            throw e
        }
        var out: [String: [String: [Int64: ShardGroupWindow]]] = [:]
        for row in Self.rows(results) {
            guard let db = Self.column("database", row)?.stringValue, let rp = Self.column("retention_policy", row)?.stringValue,
                let id = Self.column("shard_group", row)?.intValue,
                let startText = Self.column("start_time", row)?.stringValue, let endText = Self.column("end_time", row)?.stringValue
            else { continue }
            guard var start = Timestamp.parseClamped(startText) else { throw SchemaError.badShardTime(startText) }
            guard var end = Timestamp.parseClamped(endText) else { throw SchemaError.badShardTime(endText) }
            // SHOW SHARDS prints whole seconds: the last group's real end (MaxNanoTime+1) prints as
            // 2262-04-11T23:47:16Z, below the largest valid point time. Treat it as open-ended.
            if end >= 9_223_372_036_000_000_000 { end = .max }
            // The first shard group (it starts before MinNanoTime) is read only by queries without
            // an upper bound once the server has restarted, which can happen between this plan
            // and the query: always query it that way, whatever SHOW SHARDS shows now.
            var broken = false
            if start > end || start < Timestamp.minNano { broken = true; start = .min }
            out[db, default: [:]][rp, default: [:]][id] = ShardGroupWindow(id: id, start: start, end: end, brokenStart: broken)
        }
        return out.mapValues { $0.mapValues { Array($0.values) } }
    }

    /// The statement needs admin privilege and the user lacks it.
    static func lacksAdmin(_ e: InfluxClientError) -> Bool {
        if case .http(_, 403, _) = e { return true }
        if case .statement(_, let m) = e, m.contains("not authorized") || m.contains("requires admin") { return true }
        return false
    }

    /// SHOW USERS: (name, admin) in the server's order. Needs admin.
    public func users() throws -> [(name: String, admin: Bool)] {
        try Self.rows(client.queryValues("SHOW USERS")).compactMap { row in
            guard let name = Self.column("user", row)?.stringValue else { return nil }
            return (name, Self.column("admin", row)?.boolValue ?? false)
        }
    }

    /// SHOW GRANTS FOR a user, without `NO PRIVILEGES` entries. Needs admin.
    public func grants(user: String) throws -> [Manifest.Privilege] {
        try Self.rows(client.queryValues("SHOW GRANTS FOR \(InfluxQL.identifier(user))")).compactMap { row in
            guard let db = Self.column("database", row)?.stringValue, let p = Self.column("privilege", row)?.stringValue,
                p != "NO PRIVILEGES"
            else { return nil }
            return Manifest.Privilege(database: db, privilege: p)
        }
    }

    /// The users a dump of `databases` records: every admin and every user with a privilege on
    /// one of them, each with its privileges on those databases only (sorted). nil when the
    /// dumping user lacks admin privilege (SHOW USERS needs it).
    public func usersToRecord(databases: [String]) throws -> [Manifest.User]? {
        let all: [(name: String, admin: Bool)]
        do { all = try users() } catch let e as InfluxClientError {
            if Self.lacksAdmin(e) { return nil }
            throw e
        }
        var out: [Manifest.User] = []
        for (name, admin) in all {
            let privileges = try grants(user: name).filter { databases.contains($0.database) }.sorted { $0.database < $1.database }
            if admin || !privileges.isEmpty { out.append(Manifest.User(name: name, admin: admin, privileges: privileges)) }
        }
        return out.sorted { $0.name < $1.name }
    }

    /// database → CQs, as SHOW CONTINUOUS QUERIES prints them.
    package func continuousQueries() throws -> [String: [Manifest.ContinuousQuery]] {
        var out: [String: [Manifest.ContinuousQuery]] = [:]
        for row in Self.rows(try client.queryValues("SHOW CONTINUOUS QUERIES")) {
            guard let db = row.series, let name = Self.column("name", row)?.stringValue,
                let q = Self.column("query", row)?.stringValue
            else { continue }
            out[db, default: []].append(.init(name: name, query: q))
        }
        return out
    }

    /// First or last point time of a measurement (`ORDER BY time ASC|DESC LIMIT 1`; `first(*)`
    /// and `LAST(*)` report time 0 on 1.6.7).
    public func boundaryTime(database: String, retentionPolicy: String, measurement: String, last: Bool) throws -> Int64? {
        let q =
            "SELECT * FROM \(InfluxQL.source(database: database, retentionPolicy: retentionPolicy, measurement: measurement)) ORDER BY time \(last ? "DESC" : "ASC") LIMIT 1"
        let rows = Self.rows(try client.queryValues(q, database: database))
        return rows.first.flatMap { Self.column("time", $0)?.intValue }
    }
}
