import ArgumentParser
import Foundation
import InfluxDump

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replay an archive directory or a dump stream into a server.",
        discussion: """
            Creates missing databases and retention policies (same duration, shard-group duration and \
            default flag), then writes every segment in batches with precision=ns. Each segment's size \
            and SHA-256 are checked before any of its points is sent. Writing the same archive twice is \
            harmless: points are idempotent.

            EXAMPLES:
              influxdump restore --host http://10.0.0.9:8086 -i /backups/telegraf --database-map telegraf=telegraf_copy
              influxdump restore -i /backups/telegraf --database scratch --measurement cpu --start 2026-11-20T00:00:00Z
              influxdump restore -i /backups/all --source-database telegraf -d telegraf_copy --measurement '/^disk/'
              influxdump restore -i /backups/telegraf --database-map telegraf=staging --dry-run
              influxdump dump --host http://a:8086 -d telegraf -o - | influxdump restore --host http://b:8086 -i -

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: [.customShort("i"), .long],
        help: ArgumentHelp(
            "Archive directory, a job's archive folder (restores its chain, base first), or - for a dump stream on stdin. Repeat to restore several archives in order.",
            valueName: "dir"))
    var input: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Restore only this archived database: a name or /regex/ (repeatable; default all). Databases not selected are not created.",
            valueName: "name"))
    var sourceDatabase: [String] = []

    @Option(
        name: [.customShort("d"), .long],
        help: ArgumentHelp("Target database name when the archive holds one database, or --source-database selects one.", valueName: "name")
    )
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Restore database SRC as DST (repeatable).", valueName: "SRC=DST"))
    var databaseMap: [String] = []

    @OptionGroup var filters: FilterOptions

    @Option(
        name: [.customShort("j"), .long], help: ArgumentHelp("Segments written in parallel (default: number of CPU cores).", valueName: "n")
    )
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Points per write request.", valueName: "n"))
    var batchSize: Int = 5000

    @Flag(
        name: .customLong("with-cqs"),
        help:
            "Recreate the archived continuous queries in the target databases, with database names in their text renamed as the databases are; an existing one of the same name is left as is. A query whose text cannot be renamed is not created and makes the restore exit 1."
    )
    var withCQs = false

    @Flag(
        help:
            "Create the archived users (admin flag kept) and grant their privileges on the target databases. Existing users keep their password and only gain privileges. A user without --user-password gets a random password nobody knows; the restore lists the SET PASSWORD statements to run."
    )
    var withUsers = false

    @Option(
        help: ArgumentHelp(
            "Password for a user --with-users creates, from an environment variable or the first line of a file (repeatable).",
            valueName: "USER=env:VAR|USER=file:PATH"))
    var userPassword: [String] = []

    @Flag(
        help:
            "Change nothing: connect read-only (SHOW statements only) and report the databases and retention policies that would be created, the points that would be written per measurement, points older than the destination's retention (the server would drop them) and field-type conflicts with data already there. Exits 0 when there are only warnings."
    )
    var dryRun = false

    @Flag(help: "Continue an interrupted restore: skip the segments its journal records as written.")
    var resume = false

    @Option(help: ArgumentHelp("Keep the restore journal here instead of beside the archive (for read-only archives).", valueName: "dir"))
    var stateDir: String?

    @Flag(help: "Restore the other segments when one is damaged, list the damaged ones, and exit 1.")
    var skipCorrupt = false

    @OptionGroup var throttleOptions: ThrottleOptions

    @OptionGroup var metricsOptions: MetricsOptions

    @Flag(help: "Print one JSON object with the outcome on stdout at the end (formats/results.md).")
    var json = false

    @OptionGroup var outputOptions: OutputOptions

    /// `--json`'s `result`.
    struct Result: Encodable {
        struct Refusal: Encodable { var segment: String, database: String, dropped: Int64, message: String }
        var inputs: [String]
        var points: Int64
        var segments: Int
        var bytes: Int64
        var skippedSegments: Int
        var alreadyApplied: Int
        var filteredPoints: Int64
        var refusedPoints: Int64
        var refusals: [Refusal]
        var corrupt: [String]
        var warnings: [String]

        init(inputs: [String], report r: RestoreReport) {
            self.inputs = inputs
            points = r.points
            segments = r.segments
            bytes = r.bytes
            skippedSegments = r.skippedSegments
            alreadyApplied = r.alreadyApplied
            filteredPoints = r.filteredPoints
            refusedPoints = r.refusedPoints
            refusals = r.refusals.map { Refusal(segment: $0.segment, database: $0.database, dropped: $0.dropped, message: $0.message) }
            corrupt = r.corrupt
            warnings = r.warnings
            disabledUsers = r.disabledUsers
            refusedContinuousQueries = r.refusedContinuousQueries
        }
        var disabledUsers: [String]
        var refusedContinuousQueries: [String]
        /// `--dry-run`: what would be done (the counts above are then zero).
        var plan: RestorePlan?
    }

    /// `USER=env:VAR` / `USER=file:PATH` → user → password. Messages name the source, never the value.
    static func userPasswords(_ given: [String], withUsers: Bool, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> [String: String]
    {
        guard !given.isEmpty else { return [:] }
        guard withUsers else { throw UsageError("--user-password needs --with-users") }
        var out: [String: String] = [:]
        for spec in given {
            let env = spec.range(of: "=env:"), file = spec.range(of: "=file:")
            guard let split = [env, file].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }), split.lowerBound > spec.startIndex,
                split.upperBound < spec.endIndex
            else {
                throw UsageError("--user-password \"\(spec)\": expected USER=env:VAR or USER=file:PATH")
            }
            let user = String(spec[..<split.lowerBound]), source = String(spec[split.upperBound...])
            let password: String
            if split == env {
                guard let value = environment[source] else {
                    throw UsageError("--user-password \(user): environment variable \(source) is not set")
                }
                password = value
            } else {
                password = try ConnectionOptions.readPassword(source, subject: "--user-password \(user)=file:\(source)")
            }
            guard !password.isEmpty else { throw UsageError("--user-password \(user): the password is empty") }
            guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw UsageError(
                    "--user-password \(user): the password holds a control character (such as a line feed), which InfluxQL cannot carry")
            }
            guard out[user] == nil else { throw UsageError("--user-password \(user) is given twice") }
            out[user] = password
        }
        return out
    }

    /// Expands job folders into their archives and orders a chain base first.
    static func inputs(_ given: [String]) throws -> [String] {
        if given == ["-"] { return given }
        guard !given.contains("-") else { throw UsageError("--input - cannot be combined with other inputs") }
        var archives: [(path: String, manifest: Manifest)] = []
        for path in given {
            if FileManager.default.fileExists(atPath: path + "/" + Manifest.fileName) {
                archives.append((path, try DirectoryArchiveReader.loadManifest(root: path)))
                continue
            }
            let found = ArchiveFolder(root: path).archives().map { (path: path + "/" + $0.name, manifest: $0.manifest) }
            if found.isEmpty {
                _ = try DirectoryArchiveReader.loadManifest(root: path)  // the precise error
            }
            archives += found
        }
        // A job folder's archives in name (= time) order; archives given one by one in the order
        // given (the later one wins where they overlap). Every parent must come first.
        return archives.count > 1 ? try ArchiveFolder.chain(archives, sorted: false).map(\.path) : archives.map(\.path)
    }

    func run() throws {
        try JSONReport<Result>.run(command: "restore", enabled: json) { try restore() }
    }

    private func restore() throws -> (Result, Error?) {
        let logger = Console.logger(level: try outputOptions.level())
        try outputOptions.applyUmask()
        var options = RestoreOptions(destination: try connection.configuration())
        options.database = database
        for pair in databaseMap {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw UsageError("--database-map \"\(pair)\": expected SRC=DST")
            }
            options.databaseMap[parts[0]] = parts[1]
        }
        options.sourceDatabases = try FilterOptions.patterns("--source-database", sourceDatabase)
        options.retentionPolicies = try filters.retentionFilter()
        options.measurements = try filters.measurementFilter()
        (options.start, options.end) = try filters.timeRange()
        options.jobs = try positive("--jobs", jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        guard (1...1_000_000).contains(batchSize) else { throw UsageError("--batch-size must be 1 to 1000000 points, got \(batchSize)") }
        options.batchSize = batchSize
        options.retry = connection.retryPolicy
        options.throttle = try throttleOptions.throttle()
        let display = try outputOptions.progressDisplay()
        let metrics = try metricsOptions.publisher(server: options.destination)

        guard !input.isEmpty else { throw UsageError("missing --input (an archive directory, a job folder or -)") }
        if resume && input.contains("-") { throw UsageError("--resume needs an archive directory, not -") }
        if let stateDir {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: stateDir, isDirectory: &isDir), isDir.boolValue else {
                throw UsageError("--state-dir \(stateDir): no such directory")
            }
        }
        options.skipCorrupt = skipCorrupt
        options.withContinuousQueries = withCQs
        options.withUsers = withUsers
        options.userPasswords = try Self.userPasswords(userPassword, withUsers: withUsers)
        let sources = try Self.inputs(input)
        // Each archive is opened (its manifest read and checked) once, for the checks and the restore.
        var opened: [(path: String, source: SegmentSource)] = []
        for path in sources {
            opened.append((path, path == "-" ? try StreamArchiveReader(fileDescriptor: 0) : try DirectoryArchiveReader(root: path)))
        }
        if dryRun {
            let plan = try RestorePlanner(options: options).plan(sources: opened)
            if !json { print(RestorePlanText.render(plan)) }
            var result = Result(inputs: sources, report: RestoreReport())
            result.plan = plan
            // The restore itself would exit 1 for a CQ it cannot recreate: so does its dry run.
            let refused = (plan.continuousQueries ?? []).filter { $0.action == .refuse }.count
            return (result, refused > 0 ? RestoreError.continuousQueriesRefused(count: refused) : nil)
        }
        // Every archive is checked before anything is written (exit 2 means nothing changed).
        // CQs and users come from the newest archive, once, after all the data.
        func forArchive(_ i: Int) -> RestoreOptions {
            var o = options
            if i != sources.count - 1 {
                o.withContinuousQueries = false
                o.withUsers = false
                o.userPasswords = [:]
            }
            return o
        }
        var targetNames = Set<String>()
        for (i, (_, source)) in opened.enumerated() {
            targetNames.formUnion(try forArchive(i).check(source.header).map(\.target))
        }
        let target =
            ClientConfiguration.redacted(options.destination.baseURL) + "|" + (database ?? "") + "|"
            + databaseMap.sorted().joined(separator: ",")
            + (sourceDatabase.isEmpty ? "" : "|" + sourceDatabase.joined(separator: ","))
        let started = Date()
        var report = RestoreReport()
        func databases() -> [String] { targetNames.union(report.byDatabase.keys).sorted() }
        display?.start()
        do {
            defer { display?.stop() }
            for (i, (path, source)) in opened.enumerated() {
                if sources.count > 1 { Console.info("restoring \(i + 1)/\(sources.count): \(path)") }
                var journal: RestoreJournal? = nil
                var archiveOptions = forArchive(i)
                if path != "-" {
                    let journalPath = RestoreJournal.path(archive: path, target: target, stateDir: stateDir)
                    do {
                        journal = try RestoreJournal(path: journalPath, resume: resume)
                    } catch ArchiveError.locked {
                        Console.warn(
                            "another restore of \(path) into this destination is running; both are safe because writes are idempotent, but only the other one can be resumed"
                        )
                    } catch {
                        if resume { throw error }
                        Console.warn("\(error); this restore cannot be resumed")
                    }
                    if resume, let j = journal, !j.applied.isEmpty {
                        Console.info("resuming: \(j.applied.count) segment(s) already written are skipped")
                    }
                }
                archiveOptions.journal = journal
                let progress = TransferProgress(label: path == "-" ? "stdin" : (path as NSString).lastPathComponent, operation: "restore")
                archiveOptions.progress = progress
                display?.board.add(progress)
                let r = try Restorer(options: archiveOptions, logger: logger).run(source: source)
                display?.board.remove(progress)
                if r.corrupt.isEmpty { journal?.remove() }
                report.add(r)
            }
        } catch {
            MetricsOptions.publish(
                metrics,
                RunMetrics.failure(
                    .restore, job: nil, databases: databases(),
                    seconds: Date().timeIntervalSince(started)), logger: logger)
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        let ending: Error? =
            if !report.corrupt.isEmpty {
                RestoreError.skippedCorrupt(segments: report.corrupt.count)
            } else if !report.refusals.isEmpty {
                RestoreError.refused(points: report.refusedPoints, segments: Set(report.refusals.map { $0.segment }).count)
            } else if !report.refusedContinuousQueries.isEmpty {
                RestoreError.continuousQueriesRefused(count: report.refusedContinuousQueries.count)
            } else {
                nil
            }
        MetricsOptions.publish(
            metrics,
            RunMetrics.restore(
                report, databases: databases(), seconds: seconds,
                succeeded: ending == nil), logger: logger)
        Console.info(
            (report.refusedPoints > 0
                ? "sent \(report.points) points (the server refused \(report.refusedPoints) of them)" : "restored \(report.points) points")
                + " from \(report.segments) segments in \(String(format: "%.1f", seconds)) s"
                + (report.skippedSegments > 0 ? " (\(report.skippedSegments) segments filtered out)" : "")
                + (report.filteredPoints > 0 ? " (\(report.filteredPoints) points outside --start/--end)" : ""))
        let result = Result(inputs: sources, report: report)
        if !report.disabledUsers.isEmpty {
            Console.say("these users were created with a random password nobody knows; set one for each:")
            for u in report.disabledUsers {
                let line = "SET PASSWORD FOR \(InfluxQL.identifier(u)) = '…'"
                if json { Console.say(line) } else { print(line) }
            }
        }
        for c in report.refusedContinuousQueries { Console.say("continuous query not recreated: \(c)") }
        for c in report.corrupt { Console.say("skipped: \(c)") }
        return (result, ending)
    }
}
