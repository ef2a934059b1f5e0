import ArchiveFormat
import Foundation

/// One archive of a restore, opened once: its manifest is read and checked when it is opened,
/// and the same source serves the checks, the dry run and the restore.
public struct RestoreArchive: Sendable {
    /// The archive directory, or `-` for a dump stream on stdin.
    public var path: String
    public var source: SegmentSource

    public init(path: String, source: SegmentSource) {
        self.path = path
        self.source = source
    }

    /// Opens `path`: a directory, or `-` for the stream on file descriptor 0.
    public static func open(_ path: String, storage: ArchiveStorage = .local) throws -> RestoreArchive {
        let source: SegmentSource =
            path == "-"
            ? try StreamArchiveReader(fileDescriptor: 0, keys: storage.keys) : try StoredArchiveReader(store: storage.store(for: path))
        return RestoreArchive(path: path, source: source)
    }

    /// The progress display's name for it.
    var label: String { path == "-" ? "stdin" : (path as NSString).lastPathComponent }

    /// Expands job folders into their archives and orders a chain base first: a job folder's
    /// archives in name (= time) order, archives given one by one in the order given (the
    /// later one wins where they overlap). Every parent must come first.
    public static func chain(_ given: [String], storage: ArchiveStorage = .local) throws -> [String] {
        try given == ["-"] ? given : loadedChain(given, storage: storage).map(\.path)
    }

    /// The chain of `given`, each archive opened once: its manifest, read and checked while the
    /// chain is worked out, serves the restore too.
    static func openChain(_ given: [String], storage: ArchiveStorage) throws -> [RestoreArchive] {
        if given == ["-"] { return [try open("-", storage: storage)] }
        return try loadedChain(given, storage: storage).map { RestoreArchive(path: $0.path, source: try StoredArchiveReader($0)) }
    }

    private static func loadedChain(_ given: [String], storage: ArchiveStorage) throws -> [LoadedArchive] {
        guard !given.contains("-") else { throw RestoreError.stdinWithOtherInputs }
        var archives: [LoadedArchive] = []
        for path in given { archives += try ArchiveFolder.expand(storage.store(for: path)).archives }
        return archives.count > 1 ? try ArchiveFolder.chain(archives, sorted: false) : archives
    }
}
