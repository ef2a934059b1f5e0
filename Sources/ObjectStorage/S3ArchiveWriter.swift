import ArchiveFormat
import Foundation
import Support

/// Writes an archive under an S3 prefix. Every segment is uploaded to its final key as it is
/// sealed (one PUT, or a multipart upload for one larger than a part) and checked (Content-MD5,
/// ETag, SHA-256); `manifest.sha256` and then `manifest.json` go last: S3 has no rename, so the
/// manifest object is the commit point, and a dump that stops before it leaves no archive.
///
/// The journal is one object per line, as S3 cannot append: `.influxdump-dump.journal` (the
/// plan) and `.influxdump-dump.journal.<task>` per finished query. A resumed dump reads them,
/// downloads and re-hashes the segments they name, and deletes everything else the dump left
/// (aborting its multipart uploads).
public final class S3ArchiveWriter: ArchiveWriter, @unchecked Sendable {
    public let store: S3Store
    public let resumeState: ResumeState?
    private let resumeKey: String?
    private let savedCount = Locked(0)
    private var client: S3Client { store.client }
    public var location: String { store.location }
    public var keys: ArchiveKeys { store.keys }
    static let journalName = DirectoryArchiveWriter.journalName

    public init(store: S3Store, resume: Bool, resumeKey: String?) throws {
        self.store = store
        self.resumeKey = resumeKey
        let files = try store.files()
        let hasManifest = files.contains(Manifest.fileName) || files.contains(ArchiveEncryption.manifestName)
        let hasJournal = files.contains(Self.journalName)
        if resume && hasManifest { throw ArchiveError.resumeComplete(path: store.location) }
        if !resume && hasJournal && !hasManifest { throw ArchiveError.interruptedDumpPresent(path: store.location) }
        if !resume && !files.isEmpty { throw ArchiveError.outputNotEmpty(path: store.location) }
        if resume && !hasJournal
            && files.contains(where: { !$0.hasPrefix(DirectoryArchiveWriter.segmentsFolder + "/") && $0 != DirectoryLock.fileName })
        {
            throw ArchiveError.outputNotEmpty(path: store.location)
        }
        if resume, let contents = try Self.journal(of: store), let plan = contents.plan {
            resumeState = try Self.recover(store, plan: plan, contents: contents)
        } else {
            resumeState = nil
            if resume { try store.removeEverything() }
        }
        savedCount.with { $0 = resumeState?.completed.count ?? 0 }
        try client.put(store.at.key(DirectoryLock.fileName), Array(S3RunLock.line().utf8))
    }

    /// The journal of the dump under `store`: its objects in order, parsed as the lines of one
    /// file. nil when there is none.
    static func journal(of store: S3Store) throws -> DumpJournalContents? {
        let names = try store.files().filter { $0 == journalName || $0.hasPrefix(journalName + ".") }
        guard names.contains(journalName) else { return nil }
        var data = Data()
        for name in [journalName] + names.filter({ $0 != journalName }) {
            guard let line = try store.contents(name) else { continue }
            data.append(contentsOf: line)
        }
        return try DumpJournal.parse(data, path: store.location + "/" + journalName, keys: store.keys)
    }

    /// Keeps the finished queries whose segments download with the size and SHA-256 the journal
    /// records; deletes every other segment and aborts the dump's multipart uploads.
    private static func recover(_ store: S3Store, plan: DumpJournal.ReadPlan, contents: DumpJournalContents) throws -> ResumeState {
        for upload in try store.client.pendingUploads(prefix: store.folderPrefix) {
            try store.client.abortMultipartUpload(upload.key, uploadId: upload.uploadId)
        }
        var kept: [Int: SavedQuery] = [:]
        for (task, outcome) in contents.completed {
            let intact = try outcome.segments.allSatisfy { s in
                guard Manifest.isSafeSegmentPath(s.path) else { return false }
                let hasher = HashingSink()
                var size: Int64 = 0
                guard
                    try store.read(
                        s.path,
                        {
                            size += Int64($0.count); try hasher.write($0)
                        })
                else { return false }
                try hasher.finish()
                return hasher.hex == s.sha256 && size == s.compressedBytes
            }
            if intact { kept[task] = outcome }
        }
        let keep = Set(kept.values.flatMap { $0.segments.map(\.path) })
        let stale = Set(contents.completed.keys).subtracting(kept.keys)
        for name in try store.files() {
            let segment = name.hasPrefix(DirectoryArchiveWriter.segmentsFolder + "/") && !keep.contains(name)
            let staleLine = stale.contains { name == journalName + ".\(taskName($0))" }
            if segment || staleLine { try store.client.delete(store.at.key(name)) }
        }
        return ResumeState(header: plan.header, completed: kept, planLine: contents.planLine)
    }

    static func taskName(_ index: Int) -> String { String(format: "%06d", index) }

    /// Headers every object written carries: its storage class and object-lock retention.
    var objectHeaders: [String] {
        var h: [String] = []
        let s = client.settings
        if let c = s.storageClass { h.append("x-amz-storage-class: \(c)") }
        if let days = s.objectLockDays {
            h.append("x-amz-object-lock-mode: \(s.objectLockMode)")
            h.append("x-amz-object-lock-retain-until-date: \(S3Retention.untilHeader(days: days))")
        }
        return h
    }

    public func begin<Task: Encodable & Sendable>(header: Manifest, tasks: [Task]) throws {
        guard resumeState == nil else { return }
        let line = DumpJournal.Line(plan: DumpJournal.Plan(header: header, tasks: tasks, resumeKey: resumeKey))
        try client.put(store.at.key(Self.journalName), try DumpJournal.encode(line, keys: keys))
    }

    public func queryCompleted(_ index: Int, saved: SavedQuery) throws {
        let name = Self.journalName + "." + Self.taskName(index)
        try client.put(store.at.key(name), try DumpJournal.encode(DumpJournal.completedLine(index, saved), keys: keys))
        savedCount.with { $0 += 1 }
    }

    public var saved: Int { savedCount.snapshot }

    public func openSegment(path: String) throws -> ByteSink {
        S3UploadSink(client: client, key: store.at.key(path), partSize: client.settings.partSize, headers: objectHeaders)
    }

    public func sealSegment(_ record: Manifest.Segment, sink: ByteSink) throws { try check(record, sink) }

    /// The object is already at its key (there is no rename); it was checked when sealed.
    public func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws { try check(record, sink) }

    /// What was uploaded is what the manifest records (ETags were checked on the way).
    private func check(_ record: Manifest.Segment, _ sink: ByteSink) throws {
        guard let upload = sink as? S3UploadSink else { preconditionFailure("segment sink not from openSegment") }
        guard upload.sha256 == record.sha256, upload.size == record.compressedBytes else {
            throw ArchiveError.segment(
                path: record.path, problem: "the uploaded object does not match what was written (sha256 or size differ)")
        }
    }

    public func discardSegment(path: String, sink: ByteSink) { (sink as? S3UploadSink)?.abandon() }

    public func finish(manifest: Manifest) throws {
        // The digest (or, encrypted, the marker and checksums) first; the manifest is the commit point.
        for file in try ArchiveEncryption.finalFiles(manifest, keys: keys) {
            try client.put(store.at.key(file.name), file.bytes, headers: objectHeaders)
        }
        // Published: the journal and the lock have done their work.
        for name in try store.files() where name == Self.journalName || name.hasPrefix(Self.journalName + ".") {
            try client.delete(store.at.key(name))
        }
        try client.delete(store.at.key(DirectoryLock.fileName))
    }

    /// Saved nothing: removes every object the dump made, and its multipart uploads.
    public func abandon() {
        guard saved == 0 else { return }
        try? store.removeEverything()
    }

    public func releaseLock() { try? client.delete(store.at.key(DirectoryLock.fileName)) }

    /// A prefix exists only through its objects.
    public func removeEmptyRoot() {}
}

/// The journal as read back (DumpJournal's contents).
typealias DumpJournalContents = DumpJournal.Contents
