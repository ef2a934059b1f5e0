import ArchiveFormat
import InfluxAPI
import LineProtocol
import Logging
import Schema
import Support

/// Creates what a restore needs on the destination: databases and retention policies with the
/// archived duration, shard-group duration and default flag. Shard-group duration matters for
/// fidelity: a field may have another type in each shard group, and groups of another size
/// would put differently-typed values into one shard, where the server refuses them.
///
/// What to do is decided by `changes(…)`, a pure function of the archived schema and the
/// destination's state, so `restore --dry-run` reports exactly what a restore would run.
struct SchemaApplier {
    let client: InfluxClient
    let logger: Logger

    /// What `CREATE DATABASE` leaves on InfluxDB 1.x with the default `[meta]` settings: one
    /// default RP `autogen`, kept forever, 7-day shard groups. Used to plan for a database that
    /// does not exist yet.
    static let createdDatabaseRetentionPolicies: [String: RetentionPolicySettings] = [
        "autogen": RetentionPolicySettings(duration: 0, shardGroupDuration: 7 * 24 * 3_600_000_000_000, replicaN: 1, isDefault: true)
    ]

    /// The statements to run on one target database, in order, and what they mean.
    struct Changes {
        /// (retention policy, InfluxQL) in the order to run them.
        var statements: [(retentionPolicy: String, query: String)] = []
        var createdRetentionPolicies: [String] = []
        var alteredRetentionPolicies: [String] = []
        /// RPs of an existing database whose settings differ from the archive's; left as is.
        var differing: [(name: String, destination: RetentionPolicySettings, archived: RetentionPolicySettings)] = []
    }

    static func changes(
        for db: Manifest.Database, as target: String, retentionPolicies filter: NameFilter, created: Bool,
        current: [String: RetentionPolicySettings]
    ) -> Changes {
        var out = Changes()
        let dbID = InfluxQL.identifier(target)
        for rp in db.retentionPolicies where filter.accepts(rp.name) {
            let archived = RetentionPolicySettings(rp)
            let spec =
                "DURATION \(GoDuration.influxQL(rp.duration)) REPLICATION \(max(rp.replicaN, 1)) SHARD DURATION \(GoDuration.influxQL(rp.shardGroupDuration))"
            let rpID = InfluxQL.identifier(rp.name)
            if let have = current[rp.name] {
                let same =
                    have.duration == rp.duration && have.shardGroupDuration == rp.shardGroupDuration
                    && (have.isDefault == rp.isDefault || !created)
                if same { continue }
                if created {
                    out.statements.append((rp.name, "ALTER RETENTION POLICY \(rpID) ON \(dbID) \(spec)\(rp.isDefault ? " DEFAULT" : "")"))
                    out.alteredRetentionPolicies.append(rp.name)
                } else {
                    out.differing.append((rp.name, have, archived))
                }
            } else {
                out.statements.append(
                    (rp.name, "CREATE RETENTION POLICY \(rpID) ON \(dbID) \(spec)\(rp.isDefault && created ? " DEFAULT" : "")"))
                out.createdRetentionPolicies.append(rp.name)
            }
        }
        // A database we created got an `autogen` the source may not have had: drop it (it is empty)
        // once the source's default is in place, so the restored schema matches.
        if created, filter.isEmpty, current["autogen"] != nil, !db.retentionPolicies.contains(where: { $0.name == "autogen" }),
            db.retentionPolicies.contains(where: { $0.isDefault })
        {
            out.statements.append(("autogen", "DROP RETENTION POLICY \"autogen\" ON \(dbID)"))
        }
        return out
    }

    static func warning(database: String, _ d: (name: String, destination: RetentionPolicySettings, archived: RetentionPolicySettings))
        -> String
    {
        "database \(database): retention policy \(d.name) exists with other settings (duration \(GoDuration.influxQL(d.destination.duration)), shard duration \(GoDuration.influxQL(d.destination.shardGroupDuration))) than archived (\(GoDuration.influxQL(d.archived.duration)), \(GoDuration.influxQL(d.archived.shardGroupDuration))); left as is"
    }

    /// Returns warnings for settings that differ on an existing database (left untouched).
    func apply(_ db: Manifest.Database, as target: String, retentionPolicies filter: NameFilter) throws -> [String] {
        let inspector = SchemaDiscovery(client: client)
        let created = try !inspector.databases().contains(target)
        if created {
            try client.queryValues("CREATE DATABASE \(InfluxQL.identifier(target))", post: true)
            logger.info("created database", metadata: ["database": "\(target)"])
        }
        let changes = Self.changes(
            for: db, as: target, retentionPolicies: filter, created: created,
            current: Dictionary(try inspector.retentionPolicies(database: target), uniquingKeysWith: { a, _ in a }))
        for (rp, statement) in changes.statements {
            try client.queryValues(statement, post: true)
            if changes.createdRetentionPolicies.contains(rp) {
                logger.info("created retention policy", metadata: ["database": "\(target)", "rp": "\(rp)"])
            }
        }
        return changes.differing.map { Self.warning(database: target, $0) }
    }
}
