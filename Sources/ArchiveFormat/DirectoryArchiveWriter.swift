import Foundation
import Support

/// Writes an archive directory: each segment as `*.partial`, fsync, re-read and hash-checked,
/// rename; the manifest last, the same way. A directory without `manifest.json` is not an archive.
///
/// While it writes, the directory holds a lock file (a second dump into it is refused) and a
/// journal of the plan and of every finished query, so a killed dump can be resumed: finished
/// queries are kept after their files are re-hashed, everything else is removed and redone.
/// Both files are removed once the manifest is published.
public final class DirectoryArchiveWriter: ArchiveWriter, @unchecked Sendable {
    public let root: String
    public var location: String { root }
    public static let segmentsFolder = "segments"
    public static let lockName = DirectoryLock.fileName
    public static let journalName = DumpJournal.fileName
    public let resumeState: ResumeState?
    private var lock: DirectoryLock?
    /// Recorded in the plan line of a new dump's journal (see `ResumeKey`).
    private let resumeKey: String?
    private var journal: FileSink? = nil
    private let journalLock = NSLock()
    /// The directory did not exist before this dump: `abandon` may remove it (an empty folder
    /// the operator made, a mount point say, stays).
    private let createdRoot: Bool
    /// Queries saved by this run (a resumed run also counts those saved before it).
    private var savedTasks = 0
    /// Recipients to encrypt to (segments, manifest, journal), identities to resume with.
    public let keys: ArchiveKeys

    /// A new dump refuses a non-empty directory so nothing already saved is overwritten; with
    /// `resume` it continues the interrupted dump found there. `resumeKey` is recorded in a new
    /// dump's journal, for `resumeKey(ofInterruptedDumpIn:)`.
    public init(root: String, resume: Bool = false, resumeKey: String? = nil, keys: ArchiveKeys = .none) throws(ArchiveError) {
        self.root = root
        self.resumeKey = resumeKey
        self.keys = keys
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: root, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            throw .unusableDirectory(path: root, operation: "use as output directory", message: "it is a file")
        }
        let entries = exists ? ((try? fm.contentsOfDirectory(atPath: root)) ?? []) : []
        // --resume continues an interrupted dump; it never adopts a directory of other files.
        let published = ArchiveEncryption.hasManifest(DirectoryStore(root))
        if resume, published { throw .resumeComplete(path: root) }
        if resume, !fm.fileExists(atPath: root + "/" + Self.journalName),
            entries.contains(where: { ![Self.lockName, Self.segmentsFolder, Self.journalName].contains($0) })
        {
            throw .outputNotEmpty(path: root)
        }
        createdRoot = !exists
        if !resume, exists, !entries.isEmpty {
            if fm.fileExists(atPath: root + "/" + Self.journalName) && !published {
                throw .interruptedDumpPresent(path: root)
            }
            throw .outputNotEmpty(path: root)
        }
        try Self.makeDirectory(root)
        try Self.makeDirectory(root + "/" + Self.segmentsFolder)
        let lock = try DirectoryLock(root: root)
        self.lock = lock
        if resume {
            // Released by the lock's deinit if this throws (this object's deinit does not run).
            if ArchiveEncryption.hasManifest(DirectoryStore(root)) { throw .resumeComplete(path: root) }
            // Killed before it wrote its plan (or never started): nothing to keep, start afresh.
            let started =
                fm.fileExists(atPath: root + "/" + Self.journalName)
                || !((try? fm.contentsOfDirectory(atPath: root + "/" + Self.segmentsFolder)) ?? []).isEmpty
            resumeState = started ? try Self.recover(root, keys: keys) : nil
            if resumeState == nil { Self.clear(root) }
            savedTasks = resumeState?.completed.count ?? 0
        } else {
            resumeState = nil
        }
    }

    /// The resume key recorded by the interrupted dump in `root`: nil when there is no journal,
    /// no complete plan line, or no key. Reads only; changes nothing.
    public static func resumeKey(ofInterruptedDumpIn root: String, keys: ArchiveKeys = .none) -> String? {
        guard !ArchiveEncryption.hasManifest(DirectoryStore(root)) else { return nil }
        return (try? DumpJournal.read(root: root, repair: false, keys: keys))??.plan?.resumeKey
    }

    /// Removes what a dump killed before its plan was journaled left (no query was saved).
    static func clear(_ root: String) {
        unlink(root + "/" + journalName)
        let folder = root + "/" + segmentsFolder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] { unlink(folder + "/" + name) }
    }

    /// Reads the journal, keeps the finished queries whose files still hash right, and removes
    /// every other file of `segments/` (partial files, parts of unfinished queries). nil when the
    /// dump was killed before its plan line was complete: nothing to keep.
    static func recover(_ root: String, keys: ArchiveKeys) throws(ArchiveError) -> ResumeState? {
        // A kill can leave half a line at the end: cut it off so the next entry starts clean.
        guard let journal = try DumpJournal.read(root: root, repair: true, keys: keys) else {
            throw .io(
                path: root, operation: "resume",
                message: "no journal of an interrupted dump (\(journalName)); start a new dump in an empty directory")
        }
        guard let plan = journal.plan else { return nil }
        var kept: [Int: SavedQuery] = [:]
        for (task, outcome) in journal.completed {
            let intact = outcome.segments.allSatisfy { s in
                guard Manifest.isSafeSegmentPath(s.path), let (hex, size) = try? HashingSink.hashFile(root + "/" + s.path) else {
                    return false
                }
                return hex == s.sha256 && size == s.compressedBytes
            }
            if intact { kept[task] = outcome }
        }
        let keep = Set(kept.values.flatMap { $0.segments.map(\.path) })
        let folder = root + "/" + segmentsFolder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !keep.contains(segmentsFolder + "/" + name) {
            unlink(folder + "/" + name)
        }
        return ResumeState(header: plan.header, completed: kept, planLine: journal.planLine)
    }

    static func makeDirectory(_ path: String) throws(ArchiveError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true,
                attributes: [.posixPermissions: FileModes.directory])
        } catch {
            throw .io(path: path, operation: "create directory", message: (error as NSError).localizedDescription)
        }
    }

    private func appendJournal<Task>(_ line: DumpJournal.Line<Task>) throws {
        let bytes = try DumpJournal.encode(line, keys: keys)
        journalLock.lock(); defer { journalLock.unlock() }
        guard let journal else { return }
        try journal.write(bytes)
        try journal.sync()
    }

    public func begin<Task: Encodable & Sendable>(header: Manifest, tasks: [Task]) throws {
        let path = root + "/" + Self.journalName
        if resumeState != nil {
            journal = try FileSink(appendingTo: path)
        } else {
            journal = try FileSink(creating: path)
            try appendJournal(DumpJournal.Line(plan: DumpJournal.Plan(header: header, tasks: tasks, resumeKey: resumeKey)))
        }
    }

    public func queryCompleted(_ index: Int, saved: SavedQuery) throws {
        try appendJournal(DumpJournal.completedLine(index, saved))
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
        releaseLock()
        if createdRoot { rmdir(root) }
    }

    public func removeEmptyRoot() { rmdir(root) }

    /// Gives up the directory's lock (the dump is over, kept for `--resume`), so another run
    /// of this process can resume it at once.
    public func releaseLock() {
        lock?.release()
        lock = nil
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
        // The digest (or, encrypted, the marker and checksums) first, the manifest last: its
        // rename is the moment the archive becomes complete.
        for file in try ArchiveEncryption.finalFiles(manifest, keys: keys) { try publish(file.bytes, as: file.name) }
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
