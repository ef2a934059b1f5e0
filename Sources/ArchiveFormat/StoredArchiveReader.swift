import Foundation
import Support

/// Reads an archive from its store (a directory, an object prefix). Refuses an archive without
/// a complete manifest.
public final class StoredArchiveReader: SegmentSource, @unchecked Sendable {
    public let store: any ArchiveStore
    public let header: Manifest
    private var pending: [Manifest.Segment]
    private let lock = NSLock()

    public var root: String { store.location }

    public convenience init(root: String, requireComplete: Bool = true) throws(ArchiveError) {
        try self.init(store: DirectoryStore(root), requireComplete: requireComplete)
    }

    public init(store: any ArchiveStore, requireComplete: Bool = true) throws(ArchiveError) {
        self.store = store
        header = try Self.loadManifest(store: store)
        if requireComplete, !header.complete { throw .incomplete(path: store.location) }
        pending = header.segments.reversed()
    }

    /// Reads an archive whose manifest is already loaded and checked (`ArchiveFolder.expand`),
    /// without reading it again.
    public init(_ loaded: LoadedArchive, requireComplete: Bool = true) throws(ArchiveError) {
        store = loaded.store
        header = loaded.manifest
        if requireComplete, !header.complete { throw .incomplete(path: loaded.path) }
        pending = header.segments.reversed()
    }

    /// Loads and checks manifest.json of the directory `root`.
    public static func loadManifest(root: String, checkDigest: Bool = true, keys: ArchiveKeys = .none) throws(ArchiveError) -> Manifest {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir) else {
            throw .unusableDirectory(path: root, operation: "open archive", message: "no such directory")
        }
        guard isDir.boolValue else { throw .unusableDirectory(path: root, operation: "open archive", message: "not a directory") }
        return try loadManifest(store: DirectoryStore(root, keys: keys), checkDigest: checkDigest)
    }

    /// Loads and checks manifest.json, including against manifest.sha256 unless `checkDigest` is
    /// false (verify reads on to report everything else it can).
    public static func loadManifest(store: any ArchiveStore, checkDigest: Bool = true) throws(ArchiveError) -> Manifest {
        try loadManifestBytes(store: store, checkDigest: checkDigest).manifest
    }

    /// The manifest and the bytes it was decoded from.
    public static func loadManifestBytes(store: any ArchiveStore, checkDigest: Bool = true) throws(ArchiveError) -> (
        manifest: Manifest, bytes: [UInt8]
    ) {
        var path = store.location + "/" + Manifest.fileName
        let bytes: [UInt8]
        var sealed = false
        do {
            if let b = try store.contents(Manifest.fileName) {
                bytes = b
            } else if let b = try store.contents(ArchiveEncryption.manifestName) {
                path = store.location + "/" + ArchiveEncryption.manifestName
                bytes = try ArchiveEncryption.openManifest(b, store: store)
                sealed = true
            } else {
                throw ArchiveError.notAnArchive(path: store.location)
            }
        } catch let e as ArchiveError { throw e } catch { throw .manifestUnreadable(path: path, message: "\(error)") }
        let manifest = try Manifest.decode(bytes, path: path)
        // An encrypted manifest was checked against checksums.sha256 and authenticated by age.
        if checkDigest, !sealed, let problem = digestProblem(store: store, manifestBytes: bytes) {
            throw .manifestUnreadable(path: path, message: problem)
        }
        return (manifest, bytes)
    }

    /// nil when manifest.sha256 matches the manifest's bytes.
    public static func digestProblem(store: any ArchiveStore, manifestBytes: [UInt8]) -> String? {
        if (try? store.exists(ArchiveEncryption.manifestName)) == true { return nil }
        guard let data = try? store.contents(Manifest.digestFileName) else { return "\(Manifest.digestFileName) is missing" }
        return String(decoding: data, as: UTF8.self) == Manifest.digestLine(manifestBytes)
            ? nil
            : "sha256 does not match \(Manifest.digestFileName): the manifest was edited or damaged"
    }

    public func nextSegment() throws -> LoadedSegment? {
        lock.lock(); defer { lock.unlock() }
        guard let record = pending.popLast() else { return nil }
        let store = self.store
        return LoadedSegment(record: record) { sink in try Self.readChecked(record, from: store, into: sink) }
    }

    /// Size and SHA-256 against the manifest before any byte reaches `sink`: a file on disk is
    /// hashed, then read again; an object is fetched once into a spool file while it is hashed.
    static func readChecked(_ record: Manifest.Segment, from store: any ArchiveStore, into plain: ByteSink) throws {
        let sink = try ArchiveEncryption.decrypting(record, keys: store.keys, into: plain)
        if let directory = store as? DirectoryStore {
            let file = directory.root + "/" + record.path
            try checkFile(file, record: record)
            try FileSource.read(file) { try sink.write($0) }
        } else {
            let spool = try SpoolFile()
            let hasher = HashingSink(spool)
            guard try store.read(record.path, { try hasher.write($0) }) else {
                throw ArchiveError.segment(path: record.path, problem: "file is missing")
            }
            try hasher.finish()
            try check(size: spool.size, sha256: hasher.hex ?? "", record: record)
            try spool.replay { try sink.write($0) }
        }
        try sink.finish()
    }

    /// Size and SHA-256 of a file on disk against the manifest, before any byte is used.
    static func checkFile(_ file: String, record: Manifest.Segment) throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw ArchiveError.segment(path: record.path, problem: "file is missing")
        }
        let (hex, size) = try HashingSink.hashFile(file)
        try check(size: size, sha256: hex, record: record)
    }

    static func check(size: Int64, sha256 hex: String, record: Manifest.Segment) throws {
        guard size == record.compressedBytes else {
            throw ArchiveError.segment(path: record.path, problem: "size \(size) bytes, manifest says \(record.compressedBytes)")
        }
        guard hex == record.sha256 else {
            throw ArchiveError.segment(path: record.path, problem: "sha256 mismatch: the file was changed or damaged")
        }
    }

    public func finish() throws -> Manifest { header }
}
