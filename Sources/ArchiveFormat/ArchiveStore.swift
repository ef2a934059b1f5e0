import Support

/// Where an archive's files live: a directory on disk (`DirectoryStore`) or a key prefix in an
/// object store (`S3Store`, ObjectStorage). Names inside are relative and `/`-separated
/// (`segments/000001.0.000.lp.zst`); the same names, the same bytes, whatever the store.
/// Readers, folders, prune and verify work through this protocol; each store has its own
/// writer, because how a file is published atomically is the store's business.
public protocol ArchiveStore: Sendable {
    /// The directory's path or `s3://bucket/prefix`: for messages, never holding a secret.
    var location: String { get }
    /// The keys it was opened with: recipients for what is written, identities for what is read.
    var keys: ArchiveKeys { get }
    /// The store one level down: a job folder's run, an archive's sub-folder.
    func child(_ name: String) -> any ArchiveStore
    /// Whether the file `name` exists.
    func exists(_ name: String) throws -> Bool
    /// A small file's bytes (a manifest, a digest, a journal); nil when it does not exist.
    func contents(_ name: String) throws -> [UInt8]?
    /// Streams the file `name` in pieces (bounded by the store: 1 MiB on disk, the transfer's
    /// buffer for objects). Returns false, having called `body` never, when it does not exist.
    func read(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool
    /// The names one level down (files and folders), sorted; empty when there is nothing.
    func entries() throws -> [String]
    /// Every file below, as relative names, sorted (verify's stray-file check).
    func files() throws -> [String]
    /// Stores a small file at once (a marker beside a published archive): all of it or nothing.
    func write(_ name: String, _ bytes: [UInt8]) throws
    /// Whether anything is stored here at all (a folder or a prefix with objects).
    func isPresent() throws -> Bool
    /// Removes the archive (or, with `unfinishedOnly`, the unfinished run) `name` one level
    /// down so that it stops being an archive at once: a directory is renamed to a hidden
    /// `.pruning-<name>` first, an object prefix loses its manifest first.
    func removeChild(_ name: String, unfinishedOnly: Bool) throws -> RemovalOutcome
    /// Removes what an interrupted removal left (hidden `.pruning-…` directories, abandoned
    /// multipart uploads).
    func removeLeftovers() throws
    /// Opens a writer for a new archive here, or with `resume` for the interrupted dump here.
    func openWriter(resume: Bool, resumeKey: String?) throws -> any ArchiveWriter
    /// The `ResumeKey` recorded by the interrupted dump here; nil when there is none.
    func resumeKey() -> String?
    /// Whether a live process holds this run's lock (a dump is writing into it now).
    func isLocked() -> Bool
}

extension ArchiveStore {
    /// The last part of the location: a job run's name is its start time.
    public var name: String {
        String(location.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(location))
    }
}

/// What a dump writes through: an `ArchiveSink` that also knows what it has saved, so a dump that
/// stops early can remove what it made or keep it for `--resume`.
public protocol ArchiveWriter: ArchiveSink {
    /// Where it writes (the store's location).
    var location: String { get }
    /// The keys it was opened with: recipients for what is written, identities for what is read.
    var keys: ArchiveKeys { get }
    /// Queries saved so far: what `--resume` would keep.
    var saved: Int { get }
    /// The dump failed before any query was saved: removes what it created.
    func abandon()
    /// The dump is over without a manifest, kept for `--resume`: gives up the lock.
    func releaseLock()
    /// Also removes the (now empty) place itself, even when it existed before the dump.
    func removeEmptyRoot()
}

/// What `ArchiveStore.removeChild` did.
public enum RemovalOutcome: Sendable, Equatable {
    case removed
    /// A process holds the run's lock: left alone.
    case inUse
    /// The run published its manifest since it was listed: an archive now, left alone.
    case completed
    /// Objects under a retention lock (S3 object lock) cannot be deleted yet: why, and until when.
    case retained(String)
}
