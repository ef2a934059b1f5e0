import ArchiveFormat
import Foundation

/// Which segments of an archive a restore has fully written, so `restore --resume` after a kill
/// skips them (the segment in flight is sent again: writes are idempotent). Kept beside the
/// archive or in `--state-dir`, never inside it (an archive may be read-only). One line per
/// applied segment, fsynced; removed when the restore completes.
public final class RestoreJournal: @unchecked Sendable {
    public let path: String
    public private(set) var applied: Set<String> = []
    private let sink: FileSink
    private let lock = NSLock()

    /// The journal for restoring `archive` into `target` (a description of the destination
    /// without credentials): one file per archive and destination.
    public static func path(archive: String, target: String, stateDir: String?) -> String {
        let absolute = URL(fileURLWithPath: archive).standardizedFileURL
        var hash: UInt64 = 0xcbf29ce484222325  // FNV-1a of the destination
        for b in (absolute.path + "|" + target).utf8 { hash = (hash ^ UInt64(b)) &* 0x100000001b3 }
        let dir = stateDir ?? absolute.deletingLastPathComponent().path
        return dir + "/.\(absolute.lastPathComponent).restore-\(String(hash, radix: 16)).journal"
    }

    public init(path: String, resume: Bool) throws(ArchiveError) {
        self.path = path
        if resume, let data = FileManager.default.contents(atPath: path) {
            applied = Set(data.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }.filter { Manifest.isSafeSegmentPath($0) })
        }
        do {
            sink = try FileSink(appendingTo: path)
        } catch {
            throw .io(path: path, operation: "write restore journal", message: "\(error); give --state-dir DIR to keep it elsewhere")
        }
        // One journal per archive and destination: a second restore of the same archive into the
        // same place runs without one (its writes are idempotent, so both are safe).
        guard sink.tryLock() else { throw .locked(path: path) }
        if !resume { sink.truncate() }
    }

    public func markApplied(_ segment: String) throws {
        lock.lock(); defer { lock.unlock() }
        try sink.write(Array((segment + "\n").utf8))
        try sink.sync()
        applied.insert(segment)
    }

    /// The restore completed: the journal has done its work.
    public func remove() {
        sink.abandon()
        unlink(path)
    }
}
