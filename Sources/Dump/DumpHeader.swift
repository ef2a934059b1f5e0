import ArchiveFormat
import Foundation
import InfluxAPI
import Schema
import Support

/// How a dump begins: the manifest's header (everything but what the queries find), the plan,
/// the queries an interrupted run already saved, and the options the queries run with.
struct DumpHeader {
    var manifest: Manifest
    var tasks: [DumpTask]
    /// By task index: the queries saved before (a resumed dump), never run again.
    var saved: [Int: TaskOutcome] = [:]
    var options: DumpOptions

    /// A new dump of `schema` with the plan `tasks`. `users`: nil when the dumping user may not
    /// read them (a note says so).
    init(
        schema: ServerSchema, tasks: [DumpTask], options: DumpOptions, serverVersion: String, startedAt started: Date,
        users: [Manifest.User]?
    ) {
        self.tasks = tasks
        self.options = options
        manifest = Manifest(
            complete: false, tool: .init(name: "influxdump", version: ToolVersion.current),
            server: .init(url: ClientConfiguration.redacted(options.source.baseURL), version: serverVersion),
            createdAt: Timestamp.format(Timestamp.wholeSeconds(started)),
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
        if options.job != nil { manifest.watermarks = Manifest.watermarkList(options.inheritedWatermarks) }
        manifest.windows = tasks.map(\.window)
        manifest.parameters.fieldsLeftOut = !options.fieldFilter.isEmpty || options.obsoleteAfter != nil ? true : nil
        let filter = options.fieldFilter
        if !filter.isEmpty {
            manifest.parameters.fieldFilter = .init(
                include: filter.names.include.map(\.text), exclude: filter.names.exclude.map(\.text), types: filter.types.sorted())
        }
        // Data the schema shows but no query can read exactly (names that are not UTF-8): findings
        // from the start, journaled with the header, so a resumed dump reports them too.
        manifest.findings = schema.findings.sorted()
        manifest.users = users
        var notes = schema.notes
        if users == nil { notes.append(Manifest.usersNotSaved) }
        manifest.notes = notes.isEmpty ? nil : notes
    }

    /// The interrupted dump of `state`: the same plan and header, and the file settings and
    /// watermarks it began with, whatever `options` say; only the queries not saved are run.
    init(resuming state: ResumeState, options: DumpOptions) throws {
        manifest = state.header
        tasks = try state.tasks(as: DumpTask.self)
        saved = state.completed.mapValues { TaskOutcome(saved: $0) }
        self.options = options
        self.options.compressionLevel = Int32(manifest.parameters.compressionLevel)
        self.options.segmentSize = manifest.parameters.segmentSize
        self.options.segmentPoints = manifest.parameters.segmentPoints
        self.options.inheritedWatermarks = manifest.watermarksByMeasurement
    }

    /// The indices of the queries still to run, in plan order.
    var pending: [Int] { Self.pending(tasks.count, saved: saved) }

    /// The queries of a plan of `count` not saved yet, in plan order.
    static func pending(_ count: Int, saved: [Int: TaskOutcome]) -> [Int] { (0..<count).filter { saved[$0] == nil } }

    static func manifestDatabase(_ db: ServerSchema.Database) -> Manifest.Database {
        Manifest.Database(
            name: db.name,
            retentionPolicies: db.retentionPolicies.map { rp in
                Manifest.RetentionPolicy(
                    name: rp.name, duration: rp.duration, shardGroupDuration: rp.shardGroupDuration, replicaN: rp.replicaN,
                    isDefault: rp.isDefault,
                    shardGroups: rp.shardGroups.map { .init(id: $0.id, start: $0.start, end: $0.end) },
                    measurements: rp.measurements.keys.sorted().map { .init(name: $0, fields: rp.measurements[$0] ?? [:]) })
            },
            continuousQueries: db.continuousQueries)
    }
}
