import Foundation

/// Runs of a job folder that stopped before their manifest (killed, failed, stopped by a
/// signal): the job's next run resumes the one it can, and the others are removed, by the
/// next run or by `prune`, once no process holds their lock.
extension ArchiveFolder {
    /// A run without `manifest.json` that a dump left: it holds a dump's lock file or journal.
    /// Runs without either were not made by a dump and are never touched.
    public struct UnfinishedRun: Sendable, Equatable {
        public var name: String
        /// A process holds its lock: a dump is writing into it now.
        public var locked: Bool
        /// The `ResumeKey` its journal records; nil when it has none (killed before its plan, or
        /// written by `dump`), and then no job resumes it.
        public var resumeKey: String?
    }

    /// The unfinished runs, oldest first. Reads only.
    public func unfinishedRuns() throws -> [UnfinishedRun] {
        let names = try store.entries().filter { !$0.hasPrefix(".") && Self.runTime($0) != nil }
        return try names.compactMap { name in
            let run = store.child(name)
            guard try !ArchiveEncryption.hasManifest(run),
                try run.exists(DirectoryArchiveWriter.lockName) || run.exists(DirectoryArchiveWriter.journalName)
            else { return nil }
            return UnfinishedRun(name: name, locked: run.isLocked(), resumeKey: run.resumeKey())
        }
    }

    /// Removes the unfinished run `name` unless a process holds its lock; returns whether it was
    /// removed (its lock is held while it stops being a run, so no dump can resume it meanwhile).
    @discardableResult
    public func removeUnfinishedRun(_ name: String) throws -> Bool {
        try store.removeChild(name, unfinishedOnly: true) == .removed
    }

    /// Where a job's run goes. The newest unfinished run that no process holds and whose journal
    /// records `resumeKey` is resumed; every other unfinished run no process holds cannot be
    /// resumed (other options, or killed before its plan) and is removed. Runs in use stay.
    public func prepareRun(resumeKey: String, now: Date) throws -> RunDirectory {
        // What a removal killed between its rename and its delete left.
        try? store.removeLeftovers()
        let unfinished = try unfinishedRuns()
        let resumable = unfinished.last { !$0.locked && $0.resumeKey == resumeKey }
        var removed: [String] = []
        for run in unfinished where !run.locked && run.name != resumable?.name {
            if try removeUnfinishedRun(run.name) { removed.append(run.name) }
        }
        return RunDirectory(
            store: try resumable.map { store.child($0.name) } ?? newRun(now), resume: resumable != nil,
            removed: removed, inUse: unfinished.filter(\.locked).map(\.name))
    }

    /// `prepareRun`'s answer.
    public struct RunDirectory: Sendable, Equatable {
        public var store: any ArchiveStore
        /// The run's path or `s3://…` location.
        public var path: String { store.location }
        /// `store` is an unfinished run to continue (`dump --resume`), not a new one.
        public var resume: Bool
        /// Unfinished runs removed, and those left because a process holds them.
        public var removed: [String]
        public var inUse: [String]

        public init(store: any ArchiveStore, resume: Bool, removed: [String], inUse: [String]) {
            self.store = store
            self.resume = resume
            self.removed = removed
            self.inUse = inUse
        }

        /// A run in a directory.
        public init(path: String, resume: Bool, removed: [String], inUse: [String]) {
            self.init(store: DirectoryStore(path), resume: resume, removed: removed, inUse: inUse)
        }

        public static func == (a: RunDirectory, b: RunDirectory) -> Bool {
            a.path == b.path && a.resume == b.resume && a.removed == b.removed && a.inUse == b.inUse
        }
    }

    /// Removes every unfinished run no process holds (`prune`); with `dryRun` only lists them.
    /// Returns the runs removed (or that would be) and those in use, left alone.
    public func removeUnfinishedRuns(dryRun: Bool = false) throws -> (removed: [String], inUse: [String]) {
        var removed: [String] = []
        var inUse: [String] = []
        for run in try unfinishedRuns() {
            var gone = !run.locked
            if gone && !dryRun { gone = try removeUnfinishedRun(run.name) }
            if gone { removed.append(run.name) } else { inUse.append(run.name) }
        }
        return (removed, inUse)
    }
}
