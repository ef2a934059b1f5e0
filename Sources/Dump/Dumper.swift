import ArchiveFormat
import Foundation
import InfluxAPI
import LineProtocol
import Logging
import Schema
import Support

/// Runs a dump: discover the schema, plan windows, query them in parallel (one libcurl handle
/// per worker), stream each response through the encoder into segments, publish the manifest last.
public final class Dumper {
    public let options: DumpOptions
    private let sink: ArchiveSink
    private let logger: Logger
    /// The databases being dumped, once discovered (for a failure's metrics).
    public private(set) var databaseNames: [String] = []
    /// The manifest, once published: also set when `run` then throws because some data could
    /// not be saved exactly (`DumpError.unrepresentable`).
    public private(set) var published: Manifest? = nil

    public init(options: DumpOptions, sink: ArchiveSink, logger: Logger) {
        self.options = options
        self.sink = sink
        self.logger = logger
    }

    /// Returns the published manifest. Throws (and publishes no manifest) if any query failed
    /// for good; throws `DumpError.unrepresentable` after publishing if some data could not be saved.
    @discardableResult
    public func run() throws -> Manifest {
        let started = Date()
        var options = self.options
        let client = try InfluxClient(config: options.source)
        let version = try options.retry.run(isTransient: Self.isTransient) { try client.ping() }
        var manifest: Manifest
        let tasks: [DumpTask]
        var done: [Int: TaskOutcome] = [:]
        if let state = sink.resumeState {
            // Same plan and settings as the interrupted run; only the queries not saved are run.
            manifest = state.header
            databaseNames = manifest.databases.map(\.name)
            tasks = try state.tasks(as: DumpTask.self)
            done = state.completed.mapValues { TaskOutcome(saved: $0) }
            options.compressionLevel = Int32(manifest.parameters.compressionLevel)
            options.segmentSize = manifest.parameters.segmentSize
            options.segmentPoints = manifest.parameters.segmentPoints
            options.inheritedWatermarks = [:]
            for w in manifest.watermarks ?? [] {
                options.inheritedWatermarks[
                    MeasurementKey(database: w.database, retentionPolicy: w.retentionPolicy, measurement: w.measurement)] = w.time
            }
            logger.notice("resuming dump", metadata: ["queries": "\(tasks.count)", "alreadySaved": "\(done.count)"])
        } else {
            let (schema, planned) = try plan(client: client, version: version)
            databaseNames = schema.databases.map(\.name)
            tasks = planned
            logger.info(
                "dump planned", metadata: ["databases": "\(schema.databases.count)", "queries": "\(tasks.count)", "server": "\(version)"])
            manifest = Manifest(
                complete: false, tool: .init(name: "influxdump", version: ToolVersion.current),
                server: .init(url: ClientConfiguration.redacted(options.source.baseURL), version: version),
                createdAt: Timestamp.format(Int64(started.timeIntervalSince1970) * 1_000_000_000),
                parameters: .init(
                    databases: options.databases, retentionPolicies: options.retentionPolicies,
                    measurements: options.measurements, start: options.start, end: options.end, chunk: options.chunk,
                    compressionLevel: Int(options.compressionLevel), segmentSize: options.segmentSize,
                    segmentPoints: options.segmentPoints,
                    destinations: options.destinations.isEmpty ? nil : options.destinations),
                databases: schema.databases.map(Self.manifestDatabase), segments: [], findings: [],
                job: options.job, parent: options.parent, watermarks: nil, pointsWithoutFields: nil)
            // The inherited watermarks go into the journal's header: a resumed run reads them
            // back from there (a measurement without new points keeps its parent's mark).
            if options.job != nil { manifest.watermarks = Self.watermarkList(options.inheritedWatermarks) }
            manifest.windows = tasks.map(\.window)
            manifest.parameters.fieldsLeftOut = !options.fieldFilter.isEmpty || options.obsoleteAfter != nil ? true : nil
            manifest.users = try SchemaDiscovery(client: client).usersToRecord(databases: schema.databases.map(\.name))
            var notes = schema.notes
            if manifest.users == nil { notes.append(Manifest.usersNotSaved) }
            for note in notes { logger.warning("\(note)") }
            manifest.notes = notes.isEmpty ? nil : notes
        }
        try sink.begin(header: manifest, tasks: tasks)
        options.progress?.setUnits(done: Int64(done.count), total: Int64(tasks.count))

        let next = Locked(0)
        let results = Locked(done)
        let pending = tasks.indices.filter { done[$0] == nil }
        let failure = Locked<Error?>(nil)
        let series = Locked(SeriesCounts())
        let frozen = options, sink = self.sink, logger = self.logger
        WorkerPool.run(count: min(options.jobs, max(pending.count, 1))) { _ in
            let options = frozen
            let client: InfluxClient
            do { client = try InfluxClient(config: options.source) } catch { failure.with { $0 = $0 ?? error }; return }
            while failure.snapshot == nil {
                if options.cancellation.isCancelled { failure.with { $0 = $0 ?? CancelledError() }; return }
                let p: Int = next.with { n in
                    defer { n += 1 }; return n
                }
                guard p < pending.count else { return }
                let i = pending[p]
                do {
                    var r = try Self.execute(tasks[i], client: client, sink: sink, options: options, logger: logger)
                    try sink.queryCompleted(i, saved: r.saved)
                    let key = MeasurementKey(
                        database: tasks[i].database, retentionPolicy: tasks[i].retentionPolicy, measurement: tasks[i].measurement)
                    series.with { Self.count(r, into: &$0, key: key) }
                    r.seriesHashes = []
                    results.with { $0[i] = r }
                    options.progress?.addUnits(done: 1)
                } catch {
                    if options.cancellation.isCancelled { failure.with { $0 = $0 ?? CancelledError() }; return }
                    // The error itself reaches the caller, which reports it once.
                    logger.debug("query failed", metadata: ["window": "\(tasks[i].label)", "error": "\(error)"])
                    failure.with { $0 = $0 ?? DumpError.failed(task: tasks[i].label, underlying: "\(error)") }
                }
            }
        }
        if let error = failure.snapshot { throw error }

        var findings: [String: Int64] = [:]
        var withoutFields: Int64 = 0
        var watermarks = options.inheritedWatermarks
        let outcomes = results.snapshot
        for i in tasks.indices {
            guard let r = outcomes[i] else { throw DumpError.failed(task: tasks[i].label, underlying: "no result recorded") }
            manifest.segments += r.segments
            for (k, v) in r.findings { findings[k, default: 0] += v }
            withoutFields += r.pointsWithoutFields
            for s in r.segments {
                let key = MeasurementKey(database: s.database, retentionPolicy: s.retentionPolicy, measurement: s.measurement)
                watermarks[key] = max(watermarks[key] ?? .min, s.maxTime)
            }
        }
        if options.job != nil { manifest.watermarks = Self.watermarkList(watermarks) }
        if done.isEmpty {
            let counted = series.snapshot.sets
            for d in manifest.databases.indices {
                for r in manifest.databases[d].retentionPolicies.indices {
                    let rp = manifest.databases[d].retentionPolicies[r]
                    for m in rp.measurements.indices {
                        let key = MeasurementKey(
                            database: manifest.databases[d].name, retentionPolicy: rp.name, measurement: rp.measurements[m].name)
                        // Absent when the measurement was not counted (over the memory budget).
                        let n: Int64?
                        switch counted[key] {
                        case .none: n = 0  // no point: no series
                        case .some(.none): n = nil  // not counted
                        case .some(.some(let set)): n = Int64(set.count)
                        }
                        manifest.databases[d].retentionPolicies[r].measurements[m].series = n
                    }
                }
            }
        }
        if withoutFields > 0 {
            manifest.pointsWithoutFields = withoutFields
            logger.notice("points left out by the field filter (no field left)", metadata: ["points": "\(withoutFields)"])
        }
        manifest.findings = findings.keys.sorted().map { "\($0) (\(findings[$0]!) point(s) affected)" }
        manifest.complete = true
        manifest.finishedAt = Timestamp.format(Int64(Date().timeIntervalSince1970) * 1_000_000_000)
        try sink.finish(manifest: manifest)
        published = manifest
        logger.info(
            "dump finished",
            metadata: [
                "points": "\(manifest.totalPoints)", "segments": "\(manifest.segments.count)",
                "rawBytes": "\(manifest.totalRawBytes)", "compressedBytes": "\(manifest.totalCompressedBytes)",
            ])
        let lost = findings.values.reduce(0, +)
        if lost > 0 {
            for f in manifest.findings { logger.error("not saved exactly: \(f)") }
            throw DumpError.unrepresentable(count: lost)
        }
        return manifest
    }

    /// Discovers the schema and plans the queries, without dumping (`dump --plan-only`).
    static func watermarkList(_ marks: [MeasurementKey: Int64]) -> [Manifest.Watermark] {
        marks.keys.sorted().map {
            .init(database: $0.database, retentionPolicy: $0.retentionPolicy, measurement: $0.measurement, time: marks[$0]!)
        }
    }

    public func plan() throws -> [DumpTask] {
        let client = try InfluxClient(config: options.source)
        let version = try options.retry.run(isTransient: Self.isTransient) { try client.ping() }
        return try plan(client: client, version: version).1
    }

    private func plan(client: InfluxClient, version: String) throws -> (ServerSchema, [DumpTask]) {
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
        return (schema, planner.plan(schema))
    }

    /// Distinct series per measurement, exact within a budget of `LineProtocolEncoder.seriesLimit`
    /// hashes for the whole dump (8 bytes each); a measurement that would pass it is not counted
    /// (nil), so memory stays bounded whatever the cardinality.
    struct SeriesCounts {
        var sets: [MeasurementKey: Set<UInt64>?] = [:]
        var held = 0
    }

    static func count(_ r: TaskOutcome, into counts: inout SeriesCounts, key: MeasurementKey) {
        let existing = counts.sets[key]
        if case .some(.none) = existing { return }  // already over the budget: not counted
        var set = existing.flatMap { $0 } ?? []
        if r.seriesOverflow {
            counts.held -= set.count
            counts.sets[key] = .some(nil)
            return
        }
        let before = set.count
        set.formUnion(r.seriesHashes)
        counts.held += set.count - before
        if counts.held > LineProtocolEncoder.seriesLimit {
            counts.held -= set.count
            counts.sets[key] = .some(nil)
        } else {
            counts.sets[key] = .some(set)
        }
    }

    static func isTransient(_ error: Error) -> Bool {
        (error as? InfluxClientError)?.isTransient ?? false
    }

    /// One query with retries. Each attempt starts clean; a failed attempt leaves nothing published
    /// (directory) or only whole, valid parts (stream).
    private static func execute(
        _ task: DumpTask, client: InfluxClient, sink: ArchiveSink, options: DumpOptions,
        logger: Logger
    ) throws -> TaskOutcome {
        var attempt = 0
        var published: [Manifest.Segment] = []
        return try options.retry.run(
            isTransient: isTransient,
            onRetry: { n, error, wait in
                logger.warning(
                    "retrying query",
                    metadata: [
                        "window": "\(task.label)", "attempt": "\(n)", "error": "\(error)",
                        "wait": "\(String(format: "%.1f", wait))s",
                    ])
            }
        ) {
            defer { attempt += 1 }
            let writer = RollingSegmentWriter(
                task: task, attempt: attempt, sink: sink, level: options.compressionLevel,
                segmentSize: options.segmentSize, segmentPoints: options.segmentPoints,
                progress: options.progress, throttle: options.throttle)
            let encoder = Self.encoder(for: task, writingTo: writer, options: options)
            do {
                let cancellation = options.cancellation
                try client.query(task.query, database: task.database, into: encoder, isCancelled: { cancellation.isCancelled })
                published += try writer.finish()
                var findings = encoder.unrepresentable
                // The spanning query leaves out string and boolean values of a field that is
                // numeric elsewhere (even every value of a point): count them with casts.
                for (field, types) in task.multiTypedFields.sorted(by: { $0.key < $1.key }) where types.count > 1 {
                    for cast in [FieldType.string, .boolean] where types.contains(cast) {
                        let counter = WindowRowCounter(lower: task.start, upper: task.end)
                        let from = InfluxQL.source(
                            database: task.database, retentionPolicy: task.retentionPolicy, measurement: task.measurement)
                        try client.query(
                            "SELECT \(InfluxQL.identifier(field))::\(cast.rawValue) FROM \(from) WHERE time >= \(task.start) GROUP BY *",
                            database: task.database, into: counter, isCancelled: { cancellation.isCancelled })
                        if counter.rows > 0 {
                            let problem =
                                "\(task.database)/\(task.retentionPolicy)/\(task.measurement): field \(field): \(cast.rawValue) values in the first shard group (before \(Timestamp.format(task.end))) cannot be read by InfluxDB 1.6.7 next to other types and were left out"
                            findings[problem, default: 0] += counter.rows
                        }
                    }
                }
                if encoder.points > 0 {
                    for (field, types) in task.multiTypedFields.sorted(by: { $0.key < $1.key }) {
                        let problem =
                            "\(task.database)/\(task.retentionPolicy)/\(task.measurement): field \(field) has types \(types.map(\.rawValue).joined(separator: ", ")) in this retention policy, and InfluxDB 1.6.7 reads the first shard group (points before \(Timestamp.format(task.end))) only through a query spanning all groups, which casts or leaves out such values; check these points by hand"
                        findings[problem, default: 0] += encoder.points
                    }
                }
                return TaskOutcome(
                    segments: published, findings: findings, pointsWithoutFields: encoder.pointsWithoutFields,
                    seriesHashes: encoder.seriesHashes, seriesOverflow: encoder.seriesOverflow)
            } catch {
                writer.discard()
                published += writer.committed
                throw error
            }
        }
    }

    /// The encoder of one query attempt, wired to its segment writer. The writer asks the
    /// encoder for field types through a weak reference: a strong one would be a cycle (the
    /// encoder holds the writer), and every attempt's encoder, with its series hashes, would
    /// stay in memory until the dump ends.
    static func encoder(for task: DumpTask, writingTo writer: RollingSegmentWriter, options: DumpOptions) -> LineProtocolEncoder {
        let encoder = LineProtocolEncoder(output: writer)
        encoder.fieldFilter = options.fieldFilter
        encoder.excludedFields = task.excludedFields
        writer.fieldTypes = { [weak encoder] in encoder?.currentFieldTypes() ?? [:] }
        if task.unboundedAbove { encoder.keepRange = (task.start, task.end) }
        return encoder
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
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
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
                    let q =
                        "SELECT count(*) FROM \(InfluxQL.source(database: db, retentionPolicy: rp, measurement: m)) WHERE time >= \(since)"
                    let row = SchemaDiscovery.rows(try client.queryValues(q, database: db)).first
                    let counted = Set(
                        (row.map { zip($0.columns, $0.values) } ?? zip([], [])).compactMap { column, value -> String? in
                            guard column.hasPrefix("count_"), (value.intValue ?? 0) > 0 else { return nil }
                            return String(column.dropFirst("count_".count))
                        })
                    let stale = Set(fields.keys).subtracting(counted)
                    if !stale.isEmpty {
                        logger.notice(
                            "skipping obsolete fields",
                            metadata: ["measurement": "\(db)/\(rp)/\(m)", "fields": "\(stale.sorted().joined(separator: ","))"])
                        excluded[MeasurementKey(database: db, retentionPolicy: rp, measurement: m)] = stale
                    }
                }
            }
        }
        return excluded
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

    static func manifestDatabase(_ db: ServerSchema.Database) -> Manifest.Database {
        Manifest.Database(
            name: db.name,
            retentionPolicies: db.retentionPolicies.map { rp in
                Manifest.RetentionPolicy(
                    name: rp.name, duration: rp.duration, shardGroupDuration: rp.shardGroupDuration, replicaN: rp.replicaN,
                    isDefault: rp.isDefault,
                    shardGroups: rp.shardGroups.map { .init(id: $0.id, start: $0.start, end: $0.end) },
                    measurements: rp.measurements.keys.sorted().map { .init(name: $0, fields: rp.measurements[$0]!) })
            },
            continuousQueries: db.continuousQueries)
    }
}
