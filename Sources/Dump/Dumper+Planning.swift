import ArchiveFormat
import Foundation
import InfluxAPI
import Schema
import Support

extension Dumper {
    /// Discovers the schema, filters it and plans its windows.
    func plan(client: InfluxClient, version: String) throws -> (ServerSchema, [DumpTask]) {
        let options = self.options
        let discovery = SchemaDiscovery(client: client)
        var schema = try discovery.discover(
            databases: options.databases, retentionPolicies: options.retentionPolicies,
            measurements: options.measurements, serverVersion: version)
        try fillMissingShardGroups(&schema, discovery: discovery)
        applyMeasurementFilter(&schema)
        let excluded = try dropObsolete(&schema, client: client, discovery: discovery)
        var planner = DumpPlanner(start: options.start, end: options.end, chunk: options.chunk)
        if let startOf = options.startOf {
            for db in schema.databases {
                for rp in db.retentionPolicies {
                    for m in rp.measurements.keys {
                        let key = MeasurementKey(database: db.name, retentionPolicy: rp.name, measurement: m)
                        if let s = try startOf(key) { planner.startOverrides[key] = s }
                    }
                }
            }
        }
        planner.excludedFields = excluded
        if options.queryShape == .auto {
            planner.tagKeys = try Dictionary(
                uniqueKeysWithValues: schema.databases.map { ($0.name, try discovery.tagKeys(database: $0.name)) })
        }
        return (schema, planner.plan(schema))
    }

    private func applyMeasurementFilter(_ schema: inout ServerSchema) {
        guard !options.measurementFilter.isEmpty else { return }
        for d in schema.databases.indices {
            for r in schema.databases[d].retentionPolicies.indices {
                schema.databases[d].retentionPolicies[r].measurements = schema.databases[d].retentionPolicies[r].measurements
                    .filter { options.measurementFilter.accepts($0.key) }
            }
        }
    }

    /// With `obsoleteAfter`: drops measurements whose newest point is older, and returns the
    /// fields that have no value within it (left out of every window). Logs what it skips.
    private func dropObsolete(_ schema: inout ServerSchema, client: InfluxClient, discovery: SchemaDiscovery) throws -> [MeasurementKey:
        Set<String>]
    {
        guard let age = options.obsoleteAfter else { return [:] }
        let now = Timestamp.nanoseconds()
        let since = now - age
        var excluded: [MeasurementKey: Set<String>] = [:]
        for d in schema.databases.indices {
            let db = schema.databases[d].name
            for r in schema.databases[d].retentionPolicies.indices {
                let rp = schema.databases[d].retentionPolicies[r].name
                for (m, fields) in schema.databases[d].retentionPolicies[r].measurements {
                    let newest = try discovery.boundaryTime(database: db, retentionPolicy: rp, measurement: m, last: true)
                    if newest.map({ $0 < since }) ?? true {
                        logger.notice(
                            "skipping obsolete measurement",
                            metadata: [
                                "measurement": "\(db)/\(rp)/\(m)",
                                "newest": "\(newest.map(Timestamp.format) ?? "none")",
                            ])
                        schema.databases[d].retentionPolicies[r].measurements[m] = nil
                        continue
                    }
                    let key = MeasurementKey(database: db, retentionPolicy: rp, measurement: m)
                    let stale = Set(fields.keys).subtracting(try fieldsWithValues(key, since: since, client: client))
                    if !stale.isEmpty {
                        logger.notice(
                            "skipping obsolete fields",
                            metadata: ["measurement": "\(db)/\(rp)/\(m)", "fields": "\(stale.sorted().joined(separator: ","))"])
                        excluded[key] = stale
                    }
                }
            }
        }
        return excluded
    }

    /// The fields of `key` with a value at or after `since` (`SELECT count(*)`).
    private func fieldsWithValues(_ key: MeasurementKey, since: Int64, client: InfluxClient) throws -> Set<String> {
        let counts = try SchemaDiscovery(client: client).fieldCounts(
            database: key.database, retentionPolicy: key.retentionPolicy, measurement: key.measurement, where: "time >= \(since)")
        return Set(counts.filter { $0.value > 0 }.keys)
    }

    /// Without SHOW SHARDS (not admin) plan shard-aligned windows from each measurement's
    /// first and last point.
    private func fillMissingShardGroups(_ schema: inout ServerSchema, discovery: SchemaDiscovery) throws {
        let anyShards = schema.databases.contains { $0.retentionPolicies.contains { !$0.shardGroups.isEmpty } }
        guard !anyShards else { return }
        for d in schema.databases.indices {
            for r in schema.databases[d].retentionPolicies.indices {
                let db = schema.databases[d].name
                var rp = schema.databases[d].retentionPolicies[r]
                var first = Int64.max, last = Int64.min
                for m in rp.measurements.keys {
                    if let f = try discovery.boundaryTime(database: db, retentionPolicy: rp.name, measurement: m, last: false) {
                        first = min(first, f)
                    }
                    if let l = try discovery.boundaryTime(database: db, retentionPolicy: rp.name, measurement: m, last: true) {
                        last = max(last, l)
                    }
                }
                if first <= last {
                    logger.notice(
                        "no SHOW SHARDS privilege: planning shard-aligned windows", metadata: ["database": "\(db)", "rp": "\(rp.name)"])
                    rp.shardGroups = DumpPlanner.alignedGroups(first: first, last: last, duration: rp.shardGroupDuration)
                    // The first group of a server may be unreadable by bounded queries (see API facts).
                    if let g = rp.shardGroups.first, g.start <= Timestamp.minNano + rp.shardGroupDuration {
                        rp.shardGroups[0] = ShardGroupWindow(id: g.id, start: .min, end: g.end, brokenStart: true)
                    }
                }
                schema.databases[d].retentionPolicies[r] = rp
            }
        }
    }
}
