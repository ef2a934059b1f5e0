import ArchiveFormat
import LineProtocol
import NativeBackup
import Schema
import Support

/// Builds the schema and the tasks of a backup dump from the selection and the scanned shards:
/// per database, RP and measurement (in the HTTP dump's order), one task per shard holding it.
struct BackupTasks {
    let selection: BackupSelection
    let shards: [UInt64: (files: ShardFiles, scan: ShardScan)]
    let options: DumpOptions
    private(set) var schema = ServerSchema(serverVersion: BackupTasks.sourceName, databases: [])
    private(set) var tasks: [DumpTask] = []
    private(set) var work: [BackupPlan.Work] = []

    static let sourceName = "influxd backup -portable"

    init(selection: BackupSelection, shards: [UInt64: (ShardFiles, ShardScan)], options: DumpOptions) {
        self.selection = selection
        self.shards = shards.mapValues { (files: $0.0, scan: $0.1) }
        self.options = options
    }

    mutating func build() throws {
        let names = try NameFilter(including: options.measurements)
        for db in selection.databases {
            var rps: [ServerSchema.RetentionPolicy] = []
            for rp in selection.retentionPolicies[db.name] ?? [] {
                let groups = selection.groups.filter { $0.database == db.name && $0.retentionPolicy == rp.name }
                var measurements: [String: [String: Set<FieldType>]] = [:]
                var perMeasurement:
                    [String: [(group: MetaSnapshot.ShardGroup, shard: ShardFiles, name: [UInt8], scan: ShardScan.Measurement)]] = [:]
                for g in groups {
                    for id in g.group.shardIDs {
                        guard let (files, scan) = shards[id] else { continue }
                        for (raw, m) in scan.measurements {
                            let name = String(decoding: raw, as: UTF8.self)
                            guard names.accepts(name), options.measurementFilter.accepts(name) else { continue }
                            for (field, types) in m.fields {
                                measurements[name, default: [:]][field, default: []].formUnion(types.compactMap(Self.fieldType))
                            }
                            perMeasurement[name, default: []].append((g.group, files, raw, m))
                        }
                    }
                }
                for name in perMeasurement.keys.sorted() {
                    for p in (perMeasurement[name] ?? []).sorted(by: {
                        ($0.group.start, $0.shard.shardID) < ($1.group.start, $1.shard.shardID)
                    }) {
                        addTask(
                            db: db.name, rp: rp.name, measurement: name, group: p.group,
                            work: .init(shard: p.shard, measurement: p.name, scan: p.scan))
                    }
                }
                rps.append(
                    ServerSchema.RetentionPolicy(
                        name: rp.name, duration: rp.duration, shardGroupDuration: rp.shardGroupDuration, replicaN: rp.replicaN,
                        isDefault: rp.name == db.defaultRetentionPolicy,
                        measurements: measurements.mapValues { $0.mapValues { $0.sorted() } },
                        shardGroups: rp.shardGroups.map {
                            ShardGroupWindow(id: Int64(truncatingIfNeeded: $0.id), start: $0.start, end: $0.end, brokenStart: false)
                        }))
            }
            schema.databases.append(
                ServerSchema.Database(
                    name: db.name, retentionPolicies: rps,
                    continuousQueries: db.continuousQueries.map { Manifest.ContinuousQuery(name: $0.name, query: $0.query) }))
        }
    }

    /// One task: the shard group's window clipped to `[start, end)`, never below MinNanoTime.
    private mutating func addTask(db: String, rp: String, measurement: String, group: MetaSnapshot.ShardGroup, work w: BackupPlan.Work) {
        let lo = max(group.start, options.start ?? .min, Timestamp.minNano)
        let hi = min(group.end, options.end ?? .max)
        guard lo < hi else { return }
        tasks.append(
            DumpTask(
                index: tasks.count, database: db, retentionPolicy: rp, measurement: measurement, start: lo, end: hi, unboundedAbove: false))
        work.append(w)
    }

    /// TSM block types as SHOW FIELD KEYS names them; unsigned (4) has no 1.x name and is
    /// reported by the task that meets it.
    static func fieldType(_ block: UInt8) -> FieldType? {
        switch block {
        case 0: return .float
        case 1: return .integer
        case 2: return .boolean
        case 3: return .string
        default: return nil
        }
    }
}
