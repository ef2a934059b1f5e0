import ArchiveFormat
import Foundation
import InfluxAPI
import Logging
import Support

/// Restores a chain of archives into one server, the way `restore` and a job do: the inputs
/// resolved into a chain (base first), each archive opened once and checked before anything is
/// written, then restored in order with its own journal, and the reports added up. Continuous
/// queries and users come from the newest archive only, once, after all the data. Presentation
/// is the caller's: the session reports what happens through `onEvent`.
public final class RestoreSession {
    /// Restores one archive with the options the session chose for it.
    typealias ArchiveRestorer = (RestoreOptions, SegmentSource) throws -> RestoreReport

    /// The options as asked for; `options(forArchive:)` gives each archive's.
    public let options: RestoreOptions
    /// The chain, base first.
    public let archives: [RestoreArchive]
    /// Skip the segments each archive's journal records as written (`--resume`).
    public let resume: Bool
    /// Where journals are kept (nil: beside each archive).
    public let stateDir: String?
    /// The target databases the checks found, for metrics (`databases`).
    public private(set) var targetDatabases = Set<String>()
    /// What has been restored so far: after a failed `run`, the archives that finished.
    public private(set) var report = RestoreReport()
    private let onEvent: (RestoreSessionEvent) -> Void
    private let restoreArchive: ArchiveRestorer
    private var checked = false
    private var started: Date? = nil

    /// Resolves `inputs` (archive directories, job folders, or `-` alone) into a chain and
    /// opens every archive.
    public convenience init(
        inputs: [String], options: RestoreOptions, resume: Bool = false, stateDir: String? = nil,
        logger: Logger = Logger(label: "influxdump.restore"),
        onEvent: @escaping (RestoreSessionEvent) -> Void = { _ in }
    ) throws {
        let archives = try RestoreArchive.openChain(inputs, storage: options.storage)
        self.init(archives: archives, options: options, resume: resume, stateDir: stateDir, logger: logger, onEvent: onEvent)
    }

    /// A session over archives already opened, in chain order.
    public convenience init(
        archives: [RestoreArchive], options: RestoreOptions, resume: Bool = false, stateDir: String? = nil,
        logger: Logger = Logger(label: "influxdump.restore"),
        onEvent: @escaping (RestoreSessionEvent) -> Void = { _ in }
    ) {
        self.init(
            archives: archives, options: options, resume: resume, stateDir: stateDir, onEvent: onEvent,
            restoreArchive: { try Restorer(options: $0, logger: logger).run(source: $1) })
    }

    init(
        archives: [RestoreArchive], options: RestoreOptions, resume: Bool, stateDir: String?,
        onEvent: @escaping (RestoreSessionEvent) -> Void, restoreArchive: @escaping ArchiveRestorer
    ) {
        self.archives = archives
        self.options = options
        self.resume = resume
        self.stateDir = stateDir
        self.onEvent = onEvent
        self.restoreArchive = restoreArchive
    }

    /// The archives' paths, in the order they are restored.
    public var inputs: [String] { archives.map(\.path) }

    /// The target databases, checked or written into (metrics name them, even after a failure).
    public var databases: [String] { targetDatabases.union(report.byDatabase.keys).sorted() }

    /// Seconds since `run` started writing (0 before).
    public var elapsed: TimeInterval { started.map { Date().timeIntervalSince($0) } ?? 0 }

    /// Archive `index`'s options: CQs and users only for the newest archive.
    public func options(forArchive index: Int) -> RestoreOptions {
        var o = options
        if index != archives.count - 1 {
            o.withContinuousQueries = false
            o.withUsers = false
            o.userPasswords = [:]
        }
        return o
    }

    /// Everything that can be refused about every archive, before anything is written (so a
    /// refusal changes nothing). `run` calls it when the caller has not.
    public func check() throws {
        var names = Set<String>()
        for (i, archive) in archives.enumerated() {
            names.formUnion(try options(forArchive: i).check(archive.source.header).map(\.target))
        }
        targetDatabases = names
        checked = true
    }

    /// The dry run: what restoring the chain would do, read from the destination with SHOW
    /// statements only. Opens no journal and writes nothing.
    public func plan(now: Int64 = Timestamp.nanoseconds()) throws -> DryRun {
        let plan = try RestorePlanner(options: options).plan(sources: archives, now: now)
        return DryRun(plan: plan, ending: plan.endingError)
    }

    /// Restores every archive in order. Throws when one fails (its journal is kept for
    /// `resume`); a restore that finished with skipped, refused or not recreated things
    /// returns them in `Outcome.ending`.
    public func run() throws -> Outcome {
        if !checked { try check() }
        started = Date()
        for i in archives.indices {
            onEvent(.archiveStarting(index: i, count: archives.count, path: archives[i].path))
            report.add(try restore(i))
        }
        return Outcome(report: report, seconds: elapsed, ending: report.endingError)
    }

    private func restore(_ index: Int) throws -> RestoreReport {
        let archive = archives[index]
        var o = options(forArchive: index)
        let journal = try openJournal(archive.path)
        o.journal = journal
        let progress = TransferProgress(label: archive.label, operation: "restore")
        o.progress = progress
        onEvent(.progressStarted(progress))
        let r = try restoreArchive(o, archive.source)
        onEvent(.progressFinished(progress))
        // A damaged segment was skipped: the journal lets a later --resume write only what is left.
        if r.corrupt.isEmpty { journal?.remove() }
        return r
    }

    /// The archive's journal, or nil for the stream or when it cannot be had (a warning, unless
    /// `resume` needs it).
    private func openJournal(_ archive: String) throws -> RestoreJournal? {
        guard archive != "-" else { return nil }
        let path = RestoreJournal.path(archive: archive, target: Self.journalTarget(options), stateDir: stateDir)
        let journal: RestoreJournal
        do {
            journal = try RestoreJournal(path: path, resume: resume)
        } catch ArchiveError.locked {
            onEvent(.journalLocked(archive: archive))
            return nil
        } catch {
            if resume { throw error }
            onEvent(.journalUnavailable(archive: archive, problem: "\(error)"))
            return nil
        }
        if resume, !journal.applied.isEmpty { onEvent(.resuming(archive: archive, alreadyApplied: journal.applied.count)) }
        return journal
    }

    /// The destination part of a journal's key: the server without credentials and the choice
    /// of databases, so a restore into elsewhere (or of other databases) has its own journal.
    /// The format is what journals already on disk were named with; changing it orphans them.
    public static func journalTarget(_ options: RestoreOptions) -> String {
        let map = options.databaseMap.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ",")
        let sources = options.sourceDatabases.include.map(\.text)
        return ClientConfiguration.redacted(options.destination.baseURL) + "|" + (options.database ?? "") + "|" + map
            + (sources.isEmpty ? "" : "|" + sources.joined(separator: ","))
    }
}
