import ArgumentParser
import Foundation
import InfluxDump
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the backup jobs of a folder of YAML job files, once or on their schedules.",
        discussion: """
            Every *.yaml / *.yml file of the folder is a job (not *.template.yaml); files written \
            for the Python toolkit run as they are (`config convert` prints their native form); jobs run in \
            parallel and a failing job never stops another. Range jobs and unscheduled incremental \
            jobs run once; scheduled incremental jobs run at each CRON tick until SIGINT or SIGTERM, \
            which stops cleanly (no manifest claims what was not saved) with exit 0. The job file \
            reference is in the README.

            EXAMPLES:
              influxdump run config/                  # scheduled jobs keep running
              influxdump run config/ --once           # each job once now, then a summary
              influxdump run config/ --validate-only  # check every file, one line each
              influxdump run config/nightly.yaml      # one job file

            \(ExitStatus.helpText)
            """)

    @Argument(help: ArgumentHelp("A folder of job files, or one job file.", valueName: "path"))
    var path: String

    @Flag(help: "Run each job once now and exit (schedules ignored).")
    var once = false

    @Flag(help: "Only check the job files: one line per file, exit 2 on any error.")
    var validateOnly = false

    @Flag(help: "With --once: print one JSON object with every job's outcome on stdout instead of the summary table (formats/results.md).")
    var json = false

    @OptionGroup var outputOptions: OutputOptions

    /// `--json`'s `result`.
    struct Result: Encodable {
        struct Job: Encodable {
            var job: String
            var status: String
            var detail: String?
            var archive: String?
            var points: Int64
            var bytes: Int64
            var seconds: Double
            var mismatches: [String]
        }
        var jobs: [Job]
        /// Job files that could not be loaded, `file:line:col: key: message` each.
        var invalidFiles: [String]

        init(_ results: [JobResult], invalid: [String]) {
            jobs = results.sorted { $0.job < $1.job }.map { r in
                let (status, detail): (String, String?)
                switch r.status {
                case .succeeded: (status, detail) = ("ok", nil)
                case .failed(let why): (status, detail) = ("failed", why)
                case .skipped(let why): (status, detail) = ("stopped", why)
                }
                return Job(
                    job: r.job, status: status, detail: detail, archive: r.archive, points: r.points, bytes: r.bytes,
                    seconds: (r.seconds * 1000).rounded() / 1000, mismatches: r.mismatches)
            }
            invalidFiles = invalid
        }
    }

    func run() throws {
        if json && !once && !validateOnly { throw UsageError("--json needs --once (scheduled jobs never end)") }
        if json && validateOnly { throw UsageError("--json cannot be combined with --validate-only") }
        try JSONReport<Result>.run(command: "run", enabled: json) { try runJobs() }
    }

    private func runJobs() throws -> (Result, Error?) {
        let level = try outputOptions.level()
        try outputOptions.applyUmask()
        let (jobs, errors) = try loadJobs()
        for job in jobs { for w in job.warnings { Console.warn(w) } }
        for e in errors { if validateOnly { print(e) } else { Console.say(e) } }
        if validateOnly {
            if !errors.isEmpty { throw ExitCodeError(status: .usage, message: "\(errors.count) invalid job file(s)") }
            return (Result([], invalid: []), nil)
        }

        let cancellation = Cancellation()
        let (loggers, pushers) = try Self.loggers(for: jobs, console: level)
        let display = try outputOptions.progressDisplay()
        let scheduler = JobScheduler(
            jobs: jobs, loggers: loggers, logger: Console.logger(level: level), cancellation: cancellation,
            progress: display?.board)
        display?.start()
        let signals = Self.stopOnSignals(cancellation: cancellation, scheduler: scheduler)
        let results = once ? scheduler.runOnce() : scheduler.runScheduled()
        display?.stop()
        signals.forEach { $0.cancel() }
        Self.close(pushers)
        if !json && !results.isEmpty { print(Self.summary(results, paint: Paint(enabled: Console.colours(fd: 1)))) }
        return Self.outcome(results, invalid: errors)
    }

    /// Every job file of `path` that loads, and one `file:line:col: key: message` per file that does not
    /// (a duplicate job name or a log file shared with another job counts as not loading).
    private func loadJobs() throws -> (jobs: [JobConfig], errors: [String]) {
        let files: [String]
        do { files = try JobConfigLoader.discover(path) } catch { throw UsageError("\(error)") }
        guard !files.isEmpty else {
            throw UsageError("\(path): no job files (*.yaml, *.yml; *.template.yaml and *.yaml.template are skipped)")
        }

        var jobs: [JobConfig] = []
        var errors: [String] = []
        for file in files {
            do {
                let job = try JobConfigLoader.load(file: file)
                if let other = jobs.first(where: { $0.name == job.name }) {
                    errors.append("\(file):1:1: name: job \(job.name) is also defined in \(other.file)")
                    continue
                }
                if let log = job.logging.file, let other = jobs.first(where: { $0.logging.file == log }) {
                    errors.append("\(file):1:1: logging.file: \(log) is also the log of job \(other.name) (one file per job)")
                    continue
                }
                jobs.append(job)
                if validateOnly { print("\(file): ok: job \(job.name), \(Self.describe(job))" + Self.legacyNote(job)) }
            } catch {
                errors.append("\(error)")
            }
        }
        return (jobs, errors)
    }

    /// Each job's logger and, when it pushes to Loki, its pusher, keyed by job name.
    private static func loggers(
        for jobs: [JobConfig], console: Logger.Level
    ) throws -> (loggers: [String: Logger], pushers: [String: LokiPusher]) {
        var loggers: [String: Logger] = [:]
        var pushers: [String: LokiPusher] = [:]
        for job in jobs {
            let (logger, pusher) = try Self.logger(for: job, console: console)
            loggers[job.name] = logger
            pushers[job.name] = pusher
        }
        return (loggers, pushers)
    }

    /// SIGINT and SIGTERM cancel the running jobs and stop the scheduler; cancel the sources when done.
    private static func stopOnSignals(cancellation: Cancellation, scheduler: JobScheduler) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                Console.say("signal \(sig): stopping; running jobs finish or discard their current window")
                cancellation.cancel()
                scheduler.interrupt()
            }
            source.resume()
            return source
        }
    }

    /// Flushes every Loki pusher, warning about the lines that could not be pushed.
    private static func close(_ pushers: [String: LokiPusher]) {
        for (name, pusher) in pushers.sorted(by: { $0.key < $1.key }) {
            pusher.close()
            let (dropped, sent) = pusher.counts
            if dropped > 0 {
                Console.warn(
                    "job \(name): \(dropped) log line(s) could not be pushed to Loki (\(sent) sent); the backup itself is not affected")
            }
        }
    }

    /// The `--json` result and the error the run exits with: invalid job files first, then failed jobs.
    private static func outcome(_ results: [JobResult], invalid errors: [String]) -> (Result, Error?) {
        let result = Result(results, invalid: errors)
        if !errors.isEmpty { return (result, ExitCodeError(status: .usage, message: "\(errors.count) invalid job file(s)")) }
        let failed = results.filter(\.failed).count
        if failed > 0 { return (result, ExitCodeError(status: .failure, message: "\(failed) job(s) failed")) }
        return (result, nil)
    }

    /// For `--validate-only`: that the file was read in a shape of the Python toolkit.
    static func legacyNote(_ job: JobConfig) -> String {
        guard let shape = job.legacyShape else { return "" }
        return "; read in the legacy shape of the Python toolkit (\(shape.rawValue)): "
            + "`influxdump config convert \(job.file)` prints the native file"
    }

    static func describe(_ job: JobConfig) -> String {
        let mode: String
        switch job.mode {
        case .range: mode = "range"
        case .incremental(let s, _, _, _): mode = "incremental" + (s.map { ", schedule \"\($0)\"" } ?? ", once")
        }
        switch job.target {
        case .archive(let p, _, _): return "\(mode), \(job.databases.count) database(s) to archive \(p)"
        case .server(let e): return "\(mode), \(job.databases.count) database(s) to server \(ClientConfiguration.redacted(e.url))"
        }
    }

    /// Console lines labelled with the job, plus the job's own file when `logging.file` is set.
    static func logger(for job: JobConfig, console: Logger.Level) throws -> (Logger, LokiPusher?) {
        let level = LogLevelName.parse(job.logging.level) ?? .info
        var file: RotatingLogFile? = nil
        if let path = job.logging.file {
            let rotation: RotatingLogFile.Rotation
            switch job.logging.rotation {
            case .daily?: rotation = .daily
            case .size(let n)?: rotation = .size(n)
            case nil: rotation = .none
            }
            file = try RotatingLogFile(path: path, rotation: rotation, keep: job.logging.keep)
        }
        var pusher: LokiPusher? = nil
        if let url = job.logging.lokiURL {
            pusher = LokiPusher(url: url, labels: job.logging.lokiLabels.merging(["job": job.name]) { _, new in new })
        }
        let logger = Logger(label: "influxdump[\(job.name)]") { label in
            var handlers: [LogHandler] = [ConsoleLogHandler(label: label)]
            handlers[0].logLevel = console
            if let file {
                var h = JobLogHandler(.file(file, label: job.name))
                h.logLevel = level
                handlers.append(h)
            }
            if let pusher {
                var h = JobLogHandler(.loki(pusher, defaultDatabase: job.databases.map(\.name).joined(separator: ",")))
                h.logLevel = level
                handlers.append(h)
            }
            return MultiplexLogHandler(handlers)
        }
        // No `logger.logLevel = …` here: on a MultiplexLogHandler that sets every handler's level,
        // which would let a job's `logging.level` override --quiet on the console.
        return (logger, pusher)
    }

    static func summary(_ results: [JobResult], paint: Paint = Paint(enabled: false)) -> String {
        var rows = [["job", "status", "points", "bytes", "seconds", "detail"]]
        for r in results.sorted(by: { $0.job < $1.job }) {
            let (status, detail): (String, String)
            switch r.status {
            case .succeeded: (status, detail) = ("ok", r.archive ?? "")
            case .failed(let why): (status, detail) = ("FAILED", why)
            case .skipped(let why): (status, detail) = ("stopped", why)
            }
            rows.append([r.job, status, "\(r.points)", "\(r.bytes)", String(format: "%.1f", r.seconds), detail])
        }
        // Colour after padding, so escape codes do not skew the columns.
        let lines = table(rows, right: [2, 3, 4]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return zip(lines, rows).map { line, row in
            switch row[1] {
            case "FAILED": return line.replacingOccurrences(of: "FAILED", with: paint.red("FAILED"))
            case "ok": return line.replacingOccurrences(of: "  ok  ", with: "  " + paint.green("ok") + "  ")
            default: return line
            }
        }.joined(separator: "\n")
    }
}
