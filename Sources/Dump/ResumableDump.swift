import ArchiveFormat
import Foundation

/// A dump into an archive directory, with the decisions around it that `dump` and jobs share:
/// `--resume` of an archive that is already complete does nothing, and a dump that stops
/// before its manifest either removes what it made (it saved no query) or keeps it for
/// `--resume` (a job's next run resumes it).
public final class ResumableDump {
    /// What a dump that stopped before publishing its manifest left in its directory.
    public enum Leftover: Equatable, Sendable {
        /// No query was saved: what the dump created is gone, the same command can run again.
        case removed
        /// Queries saved so far stay, for `dump --resume` or the job's next run.
        case kept(savedQueries: Int)
    }

    public let root: String
    /// The sink to give the `Dumper`.
    public let writer: DirectoryArchiveWriter

    /// Opens `root` for a new dump or, with `resume`, for the interrupted one there
    /// (`DirectoryArchiveWriter`). `resumeKey`: see `ResumeKey`.
    public init(root: String, resume: Bool, resumeKey: String? = nil) throws(ArchiveError) {
        self.root = root
        writer = try DirectoryArchiveWriter(root: root, resume: resume, resumeKey: resumeKey)
    }

    /// The manifest of the complete archive in `root`, nil when it has no `manifest.json`.
    /// Reads only. Throws when the manifest is damaged or not marked complete.
    public static func completeArchive(at root: String) throws(ArchiveError) -> Manifest? {
        guard FileManager.default.fileExists(atPath: root + "/" + Manifest.fileName) else { return nil }
        let manifest = try DirectoryArchiveReader.loadManifest(root: root)
        guard manifest.complete else { throw .incomplete(path: root) }
        return manifest
    }

    /// Runs `dumper` (made with `writer`). When it throws without having published, `root` is
    /// settled first (`leftover`) and the error is passed on unchanged.
    public func run(_ dumper: Dumper) throws -> Manifest {
        do {
            return try dumper.run()
        } catch {
            if dumper.published == nil { leftover = settle() }
            throw error
        }
    }

    /// Set by `run` when the dump stopped before its manifest.
    public private(set) var leftover: Leftover? = nil

    /// Removes what the dump made when it saved no query; otherwise keeps it and frees the lock.
    func settle() -> Leftover {
        let saved = writer.saved
        guard saved > 0 else {
            writer.abandon()
            return .removed
        }
        writer.releaseLock()
        return .kept(savedQueries: saved)
    }
}
