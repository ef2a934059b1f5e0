import Foundation

/// Reads an archive directory. Refuses a directory without a complete manifest.
public final class DirectoryArchiveReader: SegmentSource, @unchecked Sendable {
    public let root: String
    public let header: Manifest
    private var pending: [Manifest.Segment]
    private let lock = NSLock()

    public init(root: String, requireComplete: Bool = true) throws(ArchiveError) {
        self.root = root
        header = try Self.loadManifest(root: root)
        if requireComplete, !header.complete { throw .incomplete(path: root) }
        pending = header.segments.reversed()
    }

    /// Reads an archive whose manifest is already loaded and checked (`ArchiveFolder.expand`),
    /// without reading it again.
    public init(_ loaded: LoadedArchive, requireComplete: Bool = true) throws(ArchiveError) {
        root = loaded.path
        header = loaded.manifest
        if requireComplete, !header.complete { throw .incomplete(path: root) }
        pending = header.segments.reversed()
    }

    /// Loads and checks manifest.json, including against manifest.sha256 unless `checkDigest` is
    /// false (verify reads on to report everything else it can).
    public static func loadManifest(root: String, checkDigest: Bool = true) throws(ArchiveError) -> Manifest {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir) else {
            throw .unusableDirectory(path: root, operation: "open archive", message: "no such directory")
        }
        guard isDir.boolValue else { throw .unusableDirectory(path: root, operation: "open archive", message: "not a directory") }
        let path = root + "/" + Manifest.fileName
        guard FileManager.default.fileExists(atPath: path) else { throw .notAnArchive(path: root) }
        var bytes: [UInt8] = []
        do { try FileSource.read(path) { bytes.append(contentsOf: $0) } } catch let e as ArchiveError { throw e } catch {
            throw .manifestUnreadable(path: path, message: "\(error)")
        }
        let manifest = try Manifest.decode(bytes, path: path)
        if checkDigest, let problem = digestProblem(root: root, manifestBytes: bytes) {
            throw .manifestUnreadable(path: path, message: problem)
        }
        return manifest
    }

    /// nil when manifest.sha256 matches the manifest's bytes.
    public static func digestProblem(root: String, manifestBytes: [UInt8]) -> String? {
        guard let data = FileManager.default.contents(atPath: root + "/" + Manifest.digestFileName) else {
            return "\(Manifest.digestFileName) is missing"
        }
        return String(decoding: data, as: UTF8.self) == Manifest.digestLine(manifestBytes)
            ? nil
            : "sha256 does not match \(Manifest.digestFileName): the manifest was edited or damaged"
    }

    public func nextSegment() throws -> LoadedSegment? {
        lock.lock(); defer { lock.unlock() }
        guard let record = pending.popLast() else { return nil }
        let file = root + "/" + record.path
        return LoadedSegment(record: record) { sink in
            try Self.checkFile(file, record: record)
            try FileSource.read(file) { try sink.write($0) }
            try sink.finish()
        }
    }

    /// Size and SHA-256 against the manifest, before any byte is used.
    static func checkFile(_ file: String, record: Manifest.Segment) throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw ArchiveError.segment(path: record.path, problem: "file is missing")
        }
        let (hex, size) = try HashingSink.hashFile(file)
        guard size == record.compressedBytes else {
            throw ArchiveError.segment(path: record.path, problem: "size \(size) bytes, manifest says \(record.compressedBytes)")
        }
        guard hex == record.sha256 else {
            throw ArchiveError.segment(path: record.path, problem: "sha256 mismatch: the file was changed or damaged")
        }
    }

    public func finish() throws -> Manifest { header }
}
