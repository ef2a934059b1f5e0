import Foundation

/// Runs of a job folder that stopped before their manifest (killed, failed, stopped by a
/// signal): the job's next run resumes the one it can, and the others are removed, by the
/// next run or by `prune`, once no process holds their lock.
extension ArchiveFolder {
    /// A run directory without `manifest.json` that a dump left: it holds a dump's lock file or
    /// journal. Directories without either were not made by a dump and are never touched.
    public struct UnfinishedRun: Sendable, Equatable {
        public var name: String
        /// A process holds its lock: a dump is writing into it now.
        public var locked: Bool
        /// The `ResumeKey` its journal records; nil when it has none (killed before its plan, or
        /// written by `dump`), and then no job resumes it.
        public var resumeKey: String?
    }

    /// The unfinished runs, oldest first. Reads only.
    public func unfinishedRuns() -> [UnfinishedRun] {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") && Self.runTime($0) != nil }.sorted()
        return names.compactMap { name in
            let dir = root + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue,
                !fm.fileExists(atPath: dir + "/" + Manifest.fileName),
                fm.fileExists(atPath: dir + "/" + DirectoryArchiveWriter.lockName)
                    || fm.fileExists(atPath: dir + "/" + DirectoryArchiveWriter.journalName)
            else { return nil }
            return UnfinishedRun(
                name: name, locked: DirectoryLock.isHeld(root: dir),
                resumeKey: DirectoryArchiveWriter.resumeKey(ofInterruptedDumpIn: dir))
        }
    }

    /// Removes the unfinished run `name` unless a process holds its lock; returns whether it was
    /// removed. The lock is held while the directory is renamed to a hidden `.pruning-<name>`, so
    /// no dump can start to resume it meanwhile, and it stops being a run at once.
    @discardableResult
    public func removeUnfinishedRun(_ name: String) throws(ArchiveError) -> Bool {
        let fm = FileManager.default
        let dir = root + "/" + name
        let lock: DirectoryLock
        do { lock = try DirectoryLock(root: dir) } catch .locked { return false }
        // It may have published its manifest since it was listed: then it is an archive.
        if fm.fileExists(atPath: dir + "/" + Manifest.fileName) {
            unlink(dir + "/" + DirectoryArchiveWriter.lockName)
            return false
        }
        let hidden = root + "/" + Self.pruningPrefix + name
        do {
            try fm.moveItem(atPath: dir, toPath: hidden)
            lock.release()
            try fm.removeItem(atPath: hidden)
        } catch {
            throw .io(path: dir, operation: "remove unfinished run", message: "\(error.localizedDescription)")
        }
        return true
    }

    /// Where a job's run goes. The newest unfinished run that no process holds and whose journal
    /// records `resumeKey` is resumed; every other unfinished run no process holds cannot be
    /// resumed (other options, or killed before its plan) and is removed. Runs in use stay.
    public func prepareRun(resumeKey: String, now: Date) throws(ArchiveError) -> RunDirectory {
        // What a removal killed between its rename and its delete left.
        for leftover in ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []) where leftover.hasPrefix(Self.pruningPrefix) {
            try? FileManager.default.removeItem(atPath: root + "/" + leftover)
        }
        let unfinished = unfinishedRuns()
        let resumable = unfinished.last { !$0.locked && $0.resumeKey == resumeKey }
        var removed: [String] = []
        for run in unfinished where !run.locked && run.name != resumable?.name {
            if try removeUnfinishedRun(run.name) { removed.append(run.name) }
        }
        return RunDirectory(
            path: resumable.map { root + "/" + $0.name } ?? newRunDirectory(now), resume: resumable != nil,
            removed: removed, inUse: unfinished.filter(\.locked).map(\.name))
    }

    /// `prepareRun`'s answer.
    public struct RunDirectory: Sendable, Equatable {
        public var path: String
        /// `path` is an unfinished run to continue (`dump --resume`), not a new directory.
        public var resume: Bool
        /// Unfinished runs removed, and those left because a process holds them.
        public var removed: [String]
        public var inUse: [String]
    }

    /// Removes every unfinished run no process holds (`prune`); with `dryRun` only lists them.
    /// Returns the runs removed (or that would be) and those in use, left alone.
    public func removeUnfinishedRuns(dryRun: Bool = false) throws(ArchiveError) -> (removed: [String], inUse: [String]) {
        var removed: [String] = []
        var inUse: [String] = []
        for run in unfinishedRuns() {
            var gone = !run.locked
            if gone && !dryRun { gone = try removeUnfinishedRun(run.name) }
            if gone { removed.append(run.name) } else { inUse.append(run.name) }
        }
        return (removed, inUse)
    }
}
