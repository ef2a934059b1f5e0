import ArchiveFormat
import Foundation
import Logging

/// A dump to an output, with the decisions around it that `dump` and jobs share: the sink the
/// output names (an archive directory, or the stream format on a file descriptor), `--resume` of
/// an archive that is already complete does nothing, and a dump into a directory that stops
/// before its manifest either removes what it made (it saved no query) or keeps it for
/// `--resume` (a job's next run resumes it).
public final class DumpSession {
    /// Where the dump goes.
    public enum Output: Sendable, Equatable {
        /// An archive in a store (a directory, an object prefix); with `resume`, the interrupted
        /// dump there continues. `resumeKey`: see `ResumeKey`.
        case store(any ArchiveStore, resume: Bool = false, resumeKey: String? = nil)
        /// The stream format, written to this file descriptor (one age file with recipients).
        case stream(fileDescriptor: Int32, keys: ArchiveKeys = .none)

        /// An archive directory.
        public static func directory(_ path: String, resume: Bool = false, resumeKey: String? = nil) -> Output {
            .store(DirectoryStore(path), resume: resume, resumeKey: resumeKey)
        }

        public static func == (a: Output, b: Output) -> Bool {
            switch (a, b) {
            case let (.store(s, r, k), .store(t, q, l)): return s.location == t.location && r == q && k == l
            case let (.stream(f, k), .stream(g, l)): return f == g && k.recipients == l.recipients
            default: return false
            }
        }

        /// What `-o` names: `-` is the stream on stdout, anything else a directory.
        public init(path: String, resume: Bool = false) {
            self = path == "-" ? .stream(fileDescriptor: 1) : .directory(path, resume: resume)
        }
    }

    /// What a dump that stopped before publishing its manifest left in its directory.
    public enum Leftover: Equatable, Sendable {
        /// No query was saved: what the dump created is gone, the same command can run again.
        case removed
        /// Queries saved so far stay, for `dump --resume` or the job's next run.
        case kept(savedQueries: Int)
    }

    public let output: Output
    private let logger: Logger
    private let ownsDirectory: Bool
    private var sink: ArchiveSink?
    private var writer: (any ArchiveWriter)?
    private var dumper: Dumper?

    /// Set by `run` when a dump into a directory stopped before its manifest.
    public private(set) var leftover: Leftover? = nil

    /// Touches nothing until `open` or `run`. `ownsDirectory`: the directory is the caller's
    /// (a job's run), so a dump that saved nothing removes it even when an earlier run made it.
    public init(output: Output, logger: Logger, ownsDirectory: Bool = false) {
        self.output = output
        self.logger = logger
        self.ownsDirectory = ownsDirectory
    }

    /// With `--resume` into a directory: the manifest of the complete archive there, nil when it
    /// has no `manifest.json` (or the output is no resumed directory). Reads only. Throws when the
    /// manifest is damaged or not marked complete.
    public func completeArchive() throws -> Manifest? {
        guard case .store(let store, true, _) = output else { return nil }
        guard try ArchiveEncryption.hasManifest(store) else { return nil }
        let manifest = try StoredArchiveReader.loadManifest(store: store)
        guard manifest.complete else { throw ArchiveError.incomplete(path: store.location) }
        return manifest
    }

    /// Opens the output's sink: creates and locks the directory (`DirectoryArchiveWriter`) or
    /// readies the stream. `run` opens it when this was not called first.
    public func open() throws { _ = try openedSink() }

    private func openedSink() throws -> ArchiveSink {
        if let sink { return sink }
        let opened: ArchiveSink
        switch output {
        case .store(let store, let resume, let resumeKey):
            let writer = try store.openWriter(resume: resume, resumeKey: resumeKey)
            self.writer = writer
            opened = writer
        case .stream(let fd, let keys):
            opened = try StreamArchiveWriter(fileDescriptor: fd, keys: keys)
        }
        sink = opened
        return opened
    }

    /// Runs a `Dumper` with `options` into the output and returns the published manifest. When
    /// a dump into a directory throws without having published, the directory is settled first
    /// (`leftover`) and the error is passed on unchanged.
    public func run(_ options: DumpOptions) throws -> Manifest {
        let dumper = Dumper(options: options, sink: try openedSink(), logger: logger)
        self.dumper = dumper
        do {
            return try dumper.run()
        } catch {
            if dumper.published == nil, let writer { leftover = settle(writer) }
            throw error
        }
    }

    /// The databases being dumped, once discovered (for a failure's metrics).
    public var databaseNames: [String] { dumper?.databaseNames ?? [] }

    /// The manifest, once published: also set when `run` then threw because some data could not
    /// be saved exactly (`DumpError.unrepresentable`).
    public var published: Manifest? { dumper?.published }

    /// Removes what the dump made when it saved no query; otherwise keeps it and frees the lock.
    private func settle(_ writer: any ArchiveWriter) -> Leftover {
        let saved = writer.saved
        guard saved > 0 else {
            writer.abandon()
            if ownsDirectory { writer.removeEmptyRoot() }  // a resumed run's directory too: the next run starts afresh
            return .removed
        }
        writer.releaseLock()
        return .kept(savedQueries: saved)
    }
}
