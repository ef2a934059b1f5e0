import Foundation

/// Writes an archive directory: each segment as `*.partial`, fsync, re-read and hash-checked,
/// rename; the manifest last, the same way. A directory without `manifest.json` is not an archive.
///
/// While it writes, the directory holds a lock file (a second dump into it is refused) and a
/// journal of the plan and of every finished query, so a killed dump can be resumed: finished
/// queries are kept after their files are re-hashed, everything else is removed and redone.
/// Both files are removed once the manifest is published.
public final class DirectoryArchiveWriter: ArchiveSink, @unchecked Sendable {
    public let root: String
    public static let segmentsFolder = "segments"
    public static let lockName = ".influxdump.lock"
    public static let journalName = ".influxdump-dump.journal"
    public let resumeState: ResumeState?
    private var lockFD: Int32 = -1
    private var journal: FileSink? = nil
    private let journalLock = NSLock()
    /// The directory did not exist before this dump: `abandon` may remove it (an empty folder
    /// the operator made, a mount point say, stays).
    private let createdRoot: Bool
    /// Queries saved by this run (a resumed run also counts those saved before it).
    private var savedTasks = 0

    /// A new dump refuses a non-empty directory so nothing already saved is overwritten; with
    /// `resume` it continues the interrupted dump found there.
    public init(root: String, resume: Bool = false) throws(ArchiveError) {
        self.root = root
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: root, isDirectory: &isDir)
        if exists && !isDir.boolValue { throw .io(path: root, operation: "use as output directory", message: "it is a file") }
        let entries = exists ? ((try? fm.contentsOfDirectory(atPath: root)) ?? []) : []
        // --resume continues an interrupted dump; it never adopts a directory of other files.
        if resume, fm.fileExists(atPath: root + "/" + Manifest.fileName) { throw .resumeComplete(path: root) }
        if resume, !fm.fileExists(atPath: root + "/" + Self.journalName),
           entries.contains(where: { ![Self.lockName, Self.segmentsFolder, Self.journalName].contains($0) }) {
            throw .outputNotEmpty(path: root)
        }
        createdRoot = !exists
        if !resume, exists, !entries.isEmpty {
            if fm.fileExists(atPath: root + "/" + Self.journalName) && !fm.fileExists(atPath: root + "/" + Manifest.fileName) {
                throw .interruptedDumpPresent(path: root)
            }
            throw .outputNotEmpty(path: root)
        }
        try Self.makeDirectory(root)
        try Self.makeDirectory(root + "/" + Self.segmentsFolder)
        let lock = try Self.lock(root)
        lockFD = lock
        do {
            if resume {
                if fm.fileExists(atPath: root + "/" + Manifest.fileName) { throw ArchiveError.resumeComplete(path: root) }
                // Killed before it wrote its plan (or never started): nothing to keep, start afresh.
                let started = fm.fileExists(atPath: root + "/" + Self.journalName)
                    || !((try? fm.contentsOfDirectory(atPath: root + "/" + Self.segmentsFolder)) ?? []).isEmpty
                resumeState = started ? try Self.recover(root) : nil
                if resumeState == nil { Self.clear(root) }
                savedTasks = resumeState?.completed.count ?? 0
            } else {
                resumeState = nil
            }
        } catch let e as ArchiveError {
            close(lock) // deinit does not run for an object that failed to initialise
            throw e
        } catch {
            close(lock)
            throw .io(path: root, operation: "resume", message: "\(error)")
        }
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
    }

    static func lock(_ root: String) throws(ArchiveError) -> Int32 {
        let path = root + "/" + lockName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else { throw .io(path: path, operation: "create lock", message: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw .locked(path: root)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        return fd
    }

    private struct JournalLine: Codable {
        var plan: Plan?
        var task: Int?
        var outcome: TaskOutcome?
    }

    private struct Plan: Codable {
        var header: Manifest
        var tasks: [DumpTask]
    }

    /// Reads the journal, keeps the finished queries whose files still hash right, and removes
    /// every other file of `segments/` (partial files, parts of unfinished queries).
    /// Removes what a dump killed before its plan was journaled left (no query was saved).
    static func clear(_ root: String) {
        unlink(root + "/" + journalName)
        let folder = root + "/" + segmentsFolder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] { unlink(folder + "/" + name) }
    }

    /// nil when the dump was killed before its plan line was complete: nothing to keep.
    static func recover(_ root: String) throws(ArchiveError) -> ResumeState? {
        let path = root + "/" + journalName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: root, operation: "resume", message: "no journal of an interrupted dump (\(journalName)); start a new dump in an empty directory")
        }
        // A kill can leave half a line at the end: cut it off so the next entry starts clean.
        let complete = (data.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        if complete < data.count { truncate(path, off_t(complete)) }
        let lines = data.prefix(complete).split(separator: 0x0A)
        var plan: Plan? = nil
        var completed: [Int: TaskOutcome] = [:]
        for (i, line) in lines.enumerated() {
            guard let entry = try? JSONDecoder().decode(JournalLine.self, from: Data(line)) else {
                // Only the last line can be torn by a kill; anything else is damage.
                if i == lines.count - 1 { break }
                throw .manifestUnreadable(path: path, message: "line \(i + 1) is not a journal entry")
            }
            if let p = entry.plan { plan = p }
            if let t = entry.task, let o = entry.outcome { completed[t] = o }
        }
        guard let plan else { return nil }
        var kept: [Int: TaskOutcome] = [:]
        for (task, outcome) in completed {
            let intact = outcome.segments.allSatisfy { s in
                guard Manifest.isSafeSegmentPath(s.path), let (hex, size) = try? HashingSink.hashFile(root + "/" + s.path) else { return false }
                return hex == s.sha256 && size == s.compressedBytes
            }
            if intact { kept[task] = outcome }
        }
        let keep = Set(kept.values.flatMap { $0.segments.map(\.path) })
        let folder = root + "/" + segmentsFolder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !keep.contains(segmentsFolder + "/" + name) {
            unlink(folder + "/" + name)
        }
        return ResumeState(header: plan.header, tasks: plan.tasks, completed: kept)
    }

    static func makeDirectory(_ path: String) throws(ArchiveError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: FileModes.directory])
        } catch {
            throw .io(path: path, operation: "create directory", message: (error as NSError).localizedDescription)
        }
    }

    private func appendJournal(_ line: JournalLine) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = Array(try e.encode(line)) + [0x0A]
        journalLock.lock(); defer { journalLock.unlock() }
        guard let journal else { return }
        try journal.write(bytes)
        try journal.sync()
    }

    public func begin(header: Manifest, tasks: [DumpTask]) throws {
        let path = root + "/" + Self.journalName
        if resumeState != nil {
            journal = try FileSink(appendingTo: path)
        } else {
            journal = try FileSink(creating: path)
            try appendJournal(JournalLine(plan: Plan(header: header, tasks: tasks)))
        }
    }

    public func taskCompleted(_ index: Int, outcome: TaskOutcome) throws {
        try appendJournal(JournalLine(task: index, outcome: outcome))
        journalLock.lock(); savedTasks += 1; journalLock.unlock()
    }

    /// Queries saved so far: what `--resume` would keep.
    public var saved: Int {
        journalLock.lock(); defer { journalLock.unlock() }
        return savedTasks
    }

    /// The dump failed before any query was saved: removes what it created (journal, empty
    /// `segments/`, lock, and the directory itself when this dump made it), so the same
    /// command can simply run again. With a saved query it keeps everything for `--resume`.
    public func abandon() {
        guard saved == 0 else { return }
        Self.clear(root)
        rmdir(root + "/" + Self.segmentsFolder)
        unlink(root + "/" + Self.lockName)
        if lockFD >= 0 { close(lockFD); lockFD = -1 }
        if createdRoot { rmdir(root) }
    }

    public func openSegment(path: String) throws -> ByteSink {
        try VerifiedFileSink(creating: root + "/" + path + ".partial")
    }

    public func sealSegment(_ record: Manifest.Segment, sink: ByteSink) throws {
        try checkOnDisk(record, sink)
    }

    public func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws {
        // Re-read what reached the disk before calling it saved (free once sealed).
        try checkOnDisk(record, sink)
        try Self.rename(root + "/" + record.path + ".partial", root + "/" + record.path)
    }

    /// The segment file holds exactly what was written (`sink` is what `openSegment` returned).
    private func checkOnDisk(_ record: Manifest.Segment, _ sink: ByteSink) throws {
        guard let file = sink as? VerifiedFileSink else { preconditionFailure("segment sink not from openSegment") }
        guard try file.matchesDisk(sha256: record.sha256, size: record.compressedBytes) else {
            throw ArchiveError.segment(path: record.path, problem: "file on disk does not match what was written (sha256 or size differ)")
        }
    }

    public func discardSegment(path: String, sink: ByteSink) {
        (sink as? VerifiedFileSink)?.file.abandon()
        unlink(root + "/" + path + ".partial")
    }

    public func finish(manifest: Manifest) throws {
        let bytes = try manifest.encoded()
        // The digest first, the manifest last: the manifest's rename is the moment the archive
        // becomes complete.
        try publish(Array(Manifest.digestLine(bytes).utf8), as: Manifest.digestFileName)
        try publish(bytes, as: Manifest.fileName)
        // The archive is complete: the journal and the lock have done their work.
        journalLock.lock()
        journal?.abandon()
        journal = nil
        journalLock.unlock()
        unlink(root + "/" + Self.journalName)
        unlink(root + "/" + Self.lockName)
    }

    /// Write `name.partial`, fsync, re-read and compare, rename.
    private func publish(_ bytes: [UInt8], as name: String) throws {
        let final = root + "/" + name
        let partial = final + ".partial"
        let sink = try FileSink(creating: partial)
        try sink.write(bytes)
        try sink.finish()
        let (hex, _) = try HashingSink.hashFile(partial)
        guard hex == HashingSink.hash(bytes) else {
            throw ArchiveError.io(path: partial, operation: "verify", message: "file on disk differs from what was written")
        }
        try Self.rename(partial, final)
    }

    static func rename(_ from: String, _ to: String) throws(ArchiveError) {
        guard Foundation.rename(from, to) == 0 else {
            throw .io(path: to, operation: "rename", message: String(cString: strerror(errno)))
        }
        // Make the rename itself durable.
        let dir = (to as NSString).deletingLastPathComponent
        let fd = open(dir, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
