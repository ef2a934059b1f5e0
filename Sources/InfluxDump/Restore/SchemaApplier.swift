import Logging

/// Creates what a restore needs on the destination: databases and retention policies with the
/// archived duration, shard-group duration and default flag. Shard-group duration matters for
/// fidelity: a field may have another type in each shard group, and groups of another size
/// would put differently-typed values into one shard, where the server refuses them.
struct SchemaApplier {
    let client: InfluxClient
    let logger: Logger

    /// Returns warnings for settings that differ on an existing database (left untouched).
    func apply(_ db: Manifest.Database, as target: String, retentionPolicies filter: [String]) throws -> [String] {
        var warnings: [String] = []
        let existing = try SchemaDiscovery.rows(client.queryValues("SHOW DATABASES")).compactMap { $0.values.first?.stringValue }
        let created = !existing.contains(target)
        let dbID = InfluxQL.identifier(target)
        if created {
            try client.queryValues("CREATE DATABASE \(dbID)", post: true)
            logger.info("created database", metadata: ["database": "\(target)"])
        }
        let q = "SHOW RETENTION POLICIES ON \(dbID)"
        var current: [String: (duration: Int64, shard: Int64, isDefault: Bool)] = [:]
        for row in SchemaDiscovery.rows(try client.queryValues(q)) {
            guard let name = SchemaDiscovery.column("name", row)?.stringValue else { continue }
            current[name] = (GoDuration.parse(SchemaDiscovery.column("duration", row)?.stringValue ?? "") ?? -1,
                             GoDuration.parse(SchemaDiscovery.column("shardGroupDuration", row)?.stringValue ?? "") ?? -1,
                             SchemaDiscovery.column("default", row)?.boolValue ?? false)
        }
        let wanted = db.retentionPolicies.filter { filter.isEmpty || filter.contains($0.name) }
        for rp in wanted {
            let spec = "DURATION \(GoDuration.influxQL(rp.duration)) REPLICATION \(max(rp.replicaN, 1)) SHARD DURATION \(GoDuration.influxQL(rp.shardGroupDuration))"
            let rpID = InfluxQL.identifier(rp.name)
            if let have = current[rp.name] {
                let same = have.duration == rp.duration && have.shard == rp.shardGroupDuration && (have.isDefault == rp.isDefault || !created)
                if same { continue }
                if created {
                    try client.queryValues("ALTER RETENTION POLICY \(rpID) ON \(dbID) \(spec)\(rp.isDefault ? " DEFAULT" : "")", post: true)
                } else {
                    warnings.append("database \(target): retention policy \(rp.name) exists with other settings (duration \(GoDuration.influxQL(have.duration)), shard duration \(GoDuration.influxQL(have.shard))) than archived (\(GoDuration.influxQL(rp.duration)), \(GoDuration.influxQL(rp.shardGroupDuration))); left as is")
                }
            } else {
                try client.queryValues("CREATE RETENTION POLICY \(rpID) ON \(dbID) \(spec)\(rp.isDefault && created ? " DEFAULT" : "")", post: true)
                logger.info("created retention policy", metadata: ["database": "\(target)", "rp": "\(rp.name)"])
            }
        }
        // A database we created got an `autogen` the source may not have had: drop it (it is empty)
        // once the source's default is in place, so the restored schema matches.
        if created, filter.isEmpty, current["autogen"] != nil, !db.retentionPolicies.contains(where: { $0.name == "autogen" }),
           db.retentionPolicies.contains(where: { $0.isDefault }) {
            try client.queryValues("DROP RETENTION POLICY \"autogen\" ON \(dbID)", post: true)
        }
        return warnings
    }
}
