import ArchiveFormat
import Foundation
import InfluxAPI
import LineProtocol
import Schema
import Support

/// Builds a `RestorePlan` for `restore --dry-run`. Reads the destination with SHOW DATABASES,
/// SHOW RETENTION POLICIES and SHOW FIELD KEYS only (plus SHOW CONTINUOUS QUERIES, USERS and
/// GRANTS for `--with-cqs` / `--with-users`); never writes and never opens a restore journal.
///
/// Point counts are exact. The manifest gives each segment's count and time range, which is
/// enough unless `--start`/`--end` or an RP's retention cut-off falls inside a segment; only
/// those segments (at most the ones at each boundary) are decompressed and their points
/// counted, so an operator sees real numbers at the cost of reading a few segments.
public struct RestorePlanner {
    public let options: RestoreOptions

    public init(options: RestoreOptions) { self.options = options }

    /// Plans restoring `sources` in order. `now` (ns) is the retention reference.
    public func plan(sources: [RestoreArchive], now: Int64 = Timestamp.nanoseconds()) throws
        -> RestorePlan
    {
        let client = try InfluxClient(config: options.destination)
        _ = try options.retry.run(isTransient: Restorer.isTransient) { try client.ping() }
        let discovery = SchemaDiscovery(client: client)
        let existing = Set(try discovery.databases())
        var plan = RestorePlan(
            destination: ClientConfiguration.redacted(options.destination.baseURL), archives: sources.map(\.path),
            evaluatedAt: now, start: options.start, end: options.end)
        var state = State()
        for (index, source) in sources.map(\.source).enumerated() {
            let selected = try options.targets(for: source.header)
            var targetOf: [String: String] = [:]
            for (db, target) in selected {
                targetOf[db.name] = target
                for rp in db.retentionPolicies {
                    for m in rp.measurements { state.archivedFields[mk(db.name, rp.name, m.name)] = m.fields }
                }
                let entry = try planSchema(db, as: target, exists: existing.contains(target), discovery: discovery, state: &state)
                // A chain holds the same databases in every archive: the first one creates them,
                // and a later one may add a retention policy.
                if let i = plan.databases.firstIndex(where: { $0.target == target }) {
                    for rp in entry.retentionPolicies where !plan.databases[i].retentionPolicies.contains(where: { $0.name == rp.name }) {
                        plan.databases[i].retentionPolicies.append(rp)
                    }
                    for s in entry.statements where !plan.databases[i].statements.contains(s) { plan.databases[i].statements.append(s) }
                } else {
                    plan.databases.append(entry)
                }
            }
            while let segment = try source.nextSegment() {
                let r = segment.record
                guard options.accepts(r), let target = targetOf[r.database] else { continue }
                try count(segment, target: target, now: now, discovery: discovery, state: &state)
            }
            _ = try source.finish()
            // CQs and users come from the newest archive, applied after all the data.
            if index == sources.count - 1 { try planSchemaObjects(source.header, selected: selected, discovery: discovery, plan: &plan) }
        }
        finish(&plan, state)
        return plan
    }

    /// (database, RP, measurement): `MeasurementKey`'s parts, positionally.
    private func mk(_ db: String, _ rp: String, _ m: String) -> MeasurementKey {
        MeasurementKey(database: db, retentionPolicy: rp, measurement: m)
    }

    /// What the planner accumulates while it reads segments. Keys name target databases,
    /// except `archivedFields` (source databases).
    private struct State {
        var archivedFields: [MeasurementKey: [String: [FieldType]]] = [:]
        /// The RP settings that will apply after the schema step (target db → RP → settings).
        var effective: [String: [String: RetentionPolicySettings]] = [:]
        /// The destination's RPs as read (target db → RP → settings).
        var destinationRPs: [String: [String: RetentionPolicySettings]] = [:]
        /// RPs that exist on the destination now: only they can hold conflicting field types.
        var existingRPs: Set<String> = []
        var fieldKeys: [String: [String: [String: [FieldType]]]] = [:]
        var measurements: [MeasurementKey: RestorePlan.Measurement] = [:]
        var retention: [MeasurementKey: RestorePlan.RetentionWarning] = [:]
        var conflicts: [String: RestorePlan.FieldTypeConflict] = [:]
    }

    private func planSchema(
        _ db: Manifest.Database, as target: String, exists: Bool, discovery: SchemaDiscovery,
        state: inout State
    ) throws -> RestorePlan.Database {
        // The dry run changes nothing, so each existing target's RPs are read once per chain.
        let current: [String: RetentionPolicySettings]
        if !exists {
            current = SchemaApplier.createdDatabaseRetentionPolicies
        } else if let read = state.destinationRPs[target] {
            current = read
        } else {
            current = Dictionary(try discovery.retentionPolicies(database: target), uniquingKeysWith: { a, _ in a })
            state.destinationRPs[target] = current
        }
        let changes = SchemaApplier.changes(
            for: db, as: target, retentionPolicies: options.retentionPolicies, created: !exists, current: current)
        var entry = RestorePlan.Database(source: db.name, target: target, action: exists ? .exists : .create)
        if !exists { entry.statements.append("CREATE DATABASE \(InfluxQL.identifier(target))") }
        entry.statements += changes.statements.map(\.query)
        for rp in db.retentionPolicies where options.retentionPolicies.accepts(rp.name) {
            let archived = RetentionPolicySettings(rp)
            var action = RestorePlan.Action.exists
            if changes.createdRetentionPolicies.contains(rp.name) { action = .create }
            if changes.alteredRetentionPolicies.contains(rp.name) { action = .alter }
            if changes.differing.contains(where: { $0.name == rp.name }) { action = .differs }
            let destination = exists ? current[rp.name] : nil
            // Left as is, an existing RP keeps its own duration; otherwise the archived one applies.
            state.effective[target, default: [:]][rp.name] = action == .differs ? (destination ?? archived) : archived
            if destination != nil { state.existingRPs.insert(target + "\u{0}" + rp.name) }
            entry.retentionPolicies.append(.init(name: rp.name, action: action, archived: archived, destination: destination))
        }
        return entry
    }

    private func count(_ segment: LoadedSegment, target: String, now: Int64, discovery: SchemaDiscovery, state: inout State) throws {
        let r = segment.record
        let duration = state.effective[target]?[r.retentionPolicy]?.duration ?? 0
        let cutoff: Int64? = duration > 0 ? now &- duration : nil
        let cutByTime = options.timeCuts(r)
        let straddles = cutoff.map { r.minTime < $0 && r.maxTime >= $0 } ?? false
        var points = r.points, old: Int64 = 0
        if cutByTime || straddles {
            (points, old) = try Self.countPoints(segment, start: options.start, end: options.end, cutoff: cutoff)
        } else if let cutoff, r.maxTime < cutoff {
            old = points
        }
        guard points > 0 else { return }
        let key = mk(target, r.retentionPolicy, r.measurement)
        var m = state.measurements[key] ?? .init(name: r.measurement, segments: 0, points: 0, rawBytes: 0)
        m.segments += 1
        m.points += points
        m.rawBytes += r.rawBytes
        state.measurements[key] = m
        if old > 0, let cutoff {
            var w =
                state.retention[key]
                ?? .init(
                    database: target, retentionPolicy: r.retentionPolicy, measurement: r.measurement,
                    duration: duration, cutoff: cutoff, points: 0, segments: 0)
            w.points += old
            w.segments += 1
            state.retention[key] = w
        }
        guard state.existingRPs.contains(target + "\u{0}" + r.retentionPolicy) else { return }
        let rpKey = target + "\u{0}" + r.retentionPolicy
        if state.fieldKeys[rpKey] == nil {
            state.fieldKeys[rpKey] = try discovery.fieldKeys(database: target, retentionPolicy: r.retentionPolicy)
        }
        let destination = state.fieldKeys[rpKey]?[r.measurement] ?? [:]
        let archived = r.fields.isEmpty ? (state.archivedFields[mk(r.database, r.retentionPolicy, r.measurement)] ?? [:]) : r.fields
        for (field, types) in archived {
            guard let have = destination[field], types.contains(where: { t in have.contains { $0 != t } }) else { continue }
            let ck = rpKey + "\u{0}" + r.measurement + "\u{0}" + field
            var c =
                state.conflicts[ck]
                ?? .init(
                    database: target, retentionPolicy: r.retentionPolicy, measurement: r.measurement, field: field,
                    archiveTypes: [], destinationTypes: Set(have).sorted(), segments: 0, points: 0)
            c.archiveTypes = Set(c.archiveTypes + types).sorted()
            c.segments += 1
            c.points += points
            state.conflicts[ck] = c
        }
    }

    /// Points of a segment within `[start, end)`, and how many of those lie before `cutoff`.
    static func countPoints(_ segment: LoadedSegment, start: Int64?, end: Int64?, cutoff: Int64?) throws -> (points: Int64, old: Int64) {
        let r = segment.record
        // Batches are thrown away; 64 KiB bounds what a splitter holds.
        let inRange = BatchSplitter(segmentPath: r.path, maxPoints: .max, maxBytes: 1 << 16, start: start, end: end) { _, _ in }
        var kept: BatchSplitter? = nil
        if let cutoff {
            kept = BatchSplitter(segmentPath: r.path, maxPoints: .max, maxBytes: 1 << 16, start: max(start ?? .min, cutoff), end: end) {
                _, _ in
            }
        }
        try Restorer.decompress(segment, into: TeeSink([inRange] + (kept.map { [$0] } ?? [])))
        try inRange.checkCount(r)
        return (inRange.points, inRange.points - (kept?.points ?? inRange.points))
    }

    private func finish(_ plan: inout RestorePlan, _ state: State) {
        for d in plan.databases.indices {
            for r in plan.databases[d].retentionPolicies.indices {
                let rp = plan.databases[d].retentionPolicies[r].name
                plan.databases[d].retentionPolicies[r].measurements = state.measurements
                    .filter { $0.key.database == plan.databases[d].target && $0.key.retentionPolicy == rp }
                    .map(\.value).sorted { $0.name < $1.name }
            }
        }
        for m in state.measurements.values {
            plan.totals.segments += m.segments
            plan.totals.points += m.points
            plan.totals.rawBytes += m.rawBytes
        }
        plan.retentionWarnings = state.retention.keys.sorted().map { state.retention[$0]! }
        plan.fieldTypeConflicts = state.conflicts.keys.sorted().map { state.conflicts[$0]! }
    }

    /// CQs and users (`--with-cqs`, `--with-users`), from the newest archive of a chain: the
    /// restore applies them once, after every archive's data.
    private func planSchemaObjects(
        _ header: Manifest, selected: [(database: Manifest.Database, target: String)], discovery: SchemaDiscovery,
        plan: inout RestorePlan
    ) throws {
        let passwords = Set(options.userPasswords.keys)
        try SchemaObjects.check(header, selected: selected, options: options)
        let wantCQs = options.withContinuousQueries && plan.continuousQueries == nil
        let users = options.withUsers && plan.users == nil ? header.users : nil
        guard wantCQs || users != nil else { return }
        let destination = try SchemaObjects.Destination.read(discovery, cqs: wantCQs, users: users)
        if wantCQs { plan.continuousQueries = SchemaObjects.continuousQueries(selected: selected, destination: destination) }
        if let users { plan.users = SchemaObjects.users(users, selected: selected, destination: destination, passwords: passwords) }
    }
}
