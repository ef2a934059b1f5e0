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

    @OptionGroup(title: "Object storage (s3:// inputs)") var objectStorage: ObjectStorageOptions

    @OptionGroup(title: "Encryption (age)") var identityOptions: IdentityOptions

    @OptionGroup var throttleOptions: ThrottleOptions

    @OptionGroup var metricsOptions: MetricsOptions

    @Flag(help: "Print one JSON object with the outcome on stdout at the end (formats/results.md).")
    var json = false

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try JSONReport<Result>.run(command: "restore", enabled: json) { try restore() }
    }

    private func restore() throws -> (Result, Error?) {
        let logger = Console.logger(level: try outputOptions.level())
        try outputOptions.applyUmask()
        var options = try restoreOptions()
        let display = try outputOptions.progressDisplay()
        let metrics = try metricsOptions.publisher(server: options.destination)
        try checkInputs()
        options.userPasswords = try Self.userPasswords(userPassword, withUsers: withUsers)
        let session = try RestoreSession(inputs: input, options: options, resume: resume, stateDir: stateDir, logger: logger) {
            Self.show($0, on: display)
        }
        if dryRun {
            let dry = try session.plan()
            if !json { print(RestorePlanText.render(dry.plan)) }
            var result = Result(inputs: session.inputs, report: RestoreReport())
            result.plan = dry.plan
            return (result, dry.ending)
        }
        // Every archive is checked before anything is written (exit 2 means nothing changed).
        try session.check()
        display?.start()
        let outcome: RestoreSession.Outcome
        do {
            defer { display?.stop() }
            outcome = try session.run()
        } catch {
            let failure = RunMetrics.failure(.restore, job: nil, databases: session.databases, seconds: session.elapsed)
            MetricsOptions.publish(metrics, failure, logger: logger)
            throw error
        }
        let succeeded = outcome.ending == nil
        let run = RunMetrics.restore(outcome.report, databases: session.databases, seconds: outcome.seconds, succeeded: succeeded)
        MetricsOptions.publish(metrics, run, logger: logger)
        render(outcome)
        return (Result(inputs: session.inputs, report: outcome.report), outcome.ending)
    }

    /// The flags as a restore's options.
    private func restoreOptions() throws -> RestoreOptions {
        var options = RestoreOptions(destination: try connection.configuration())
        options.storage = try objectStorage.storage(tls: connection, keys: try identityOptions.keys())
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
        options.skipCorrupt = skipCorrupt
        options.withContinuousQueries = withCQs
        options.withUsers = withUsers
        return options
    }

    /// `--input`, `--resume` and `--state-dir` together.
    private func checkInputs() throws {
        guard !input.isEmpty else { throw UsageError("missing --input (an archive directory, a job folder or -)") }
        if resume && input.contains("-") { throw UsageError("--resume needs an archive directory, not -") }
        if let stateDir {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: stateDir, isDirectory: &isDir), isDir.boolValue else {
                throw UsageError("--state-dir \(stateDir): no such directory")
            }
        }
    }

    /// What the session reports, as console lines and progress rows.
    private static func show(_ event: RestoreSessionEvent, on display: ProgressDisplay?) {
        switch event {
        case let .archiveStarting(_, count, _): if count > 1 { Console.info("\(event)") }
        case .journalLocked, .journalUnavailable: Console.warn("\(event)")
        case .resuming: Console.info("\(event)")
        case let .progressStarted(progress): display?.board.add(progress)
        case let .progressFinished(progress): display?.board.remove(progress)
        }
    }

    /// The summary and what the operator must do or know next.
    private func render(_ outcome: RestoreSession.Outcome) {
        let report = outcome.report
        Console.info(
            (report.refusedPoints > 0
                ? "sent \(report.points) points (the server refused \(report.refusedPoints) of them)" : "restored \(report.points) points")
                + " from \(report.segments) segments in \(String(format: "%.1f", outcome.seconds)) s"
                + (report.skippedSegments > 0 ? " (\(report.skippedSegments) segments filtered out)" : "")
                + (report.filteredPoints > 0 ? " (\(report.filteredPoints) points outside --start/--end)" : ""))
        if !report.disabledUsers.isEmpty {
            Console.say("these users were created with a random password nobody knows; set one for each:")
            for u in report.disabledUsers {
                let line = "SET PASSWORD FOR \(InfluxQL.identifier(u)) = '…'"
                if json { Console.say(line) } else { print(line) }
            }
        }
        for c in report.refusedContinuousQueries { Console.say("continuous query not recreated: \(c)") }
        for c in report.corrupt { Console.say("skipped: \(c)") }
    }
}
