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
    private(set) var schema = ServerSchema(serverVersion: "", databases: [])
    private(set) var tasks: [DumpTask] = []
    private(set) var work: [BackupPlan.Work] = []

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
                    addTasks(db: db.name, rp: rp.name, measurement: name, perMeasurement[name] ?? [])
                }
                rps.append(
                    ServerSchema.RetentionPolicy(
                        name: rp.name, duration: rp.duration, shardGroupDuration: rp.shardGroupDuration, replicaN: rp.replicaN,
                        isDefault: rp.name == db.defaultRetentionPolicy,
                        measurements: measurements.mapValues { $0.mapValues { $0.sorted() } },
                        shardGroups: rp.shardGroups.map {
                            ShardGroupWindow(
                                id: Int64(truncatingIfNeeded: $0.id), start: $0.start, end: $0.end, brokenStart: $0.holdsMinNanoTime)
                        }))
            }
            schema.databases.append(
                ServerSchema.Database(
                    name: db.name, retentionPolicies: rps,
                    continuousQueries: db.continuousQueries.map { Manifest.ContinuousQuery(name: $0.name, query: $0.query) }))
        }
    }

    typealias Found = (group: MetaSnapshot.ShardGroup, shard: ShardFiles, name: [UInt8], scan: ShardScan.Measurement)

    /// The tasks of one measurement, in time order: one per shard, its group's window (widened
    /// to the shard's own times if it holds points outside it, which a healthy server never
    /// writes, so that each point lies in its segment's window) clipped to `[start, end)` and
    /// never below MinNanoTime; shards whose windows overlap share one task
    /// over the union (the manifest's windows of a measurement never overlap). The window of the
    /// group holding MinNanoTime is marked `unboundedAbove`, as the HTTP dump marks it, so that
    /// `verify --against` counts it on a 1.6.7 server the only way that server answers.
    private mutating func addTasks(db: String, rp: String, measurement: String, _ found: [Found]) {
        var runs: [(start: Int64, end: Int64, first: Bool, work: BackupPlan.Work)] = []
        for f in found.sorted(by: { ($0.group.start, $0.shard.shardID) < ($1.group.start, $1.shard.shardID) }) {
            let (dataEnd, overflow) = f.scan.maxTime.addingReportingOverflow(1)
            let lo = max(min(f.group.start, f.scan.minTime), options.start ?? .min, Timestamp.minNano)
            let hi = min(max(f.group.end, overflow ? .max : dataEnd), options.end ?? .max)
            guard lo < hi else { continue }
            let part = BackupPlan.Work.Part(shard: f.shard, measurement: f.name, scan: f.scan)
            let first = f.group.holdsMinNanoTime
            if let last = runs.last, lo < last.end {
                runs[runs.count - 1].end = max(last.end, hi)
                runs[runs.count - 1].first = last.first || first
                runs[runs.count - 1].work.parts.append(part)
            } else {
                runs.append((lo, hi, first, BackupPlan.Work(parts: [part])))
            }
        }
        for r in runs {
            tasks.append(
                DumpTask(
                    index: tasks.count, database: db, retentionPolicy: rp, measurement: measurement, start: r.start, end: r.end,
                    unboundedAbove: r.first))
            work.append(r.work)
        }
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
