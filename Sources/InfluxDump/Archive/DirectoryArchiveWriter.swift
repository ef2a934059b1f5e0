import Foundation

/// Writes an archive directory: each segment as `*.partial`, fsync, re-read and hash-check,
/// rename; the manifest last, the same way. A directory without `manifest.json` is not an archive.
public final class DirectoryArchiveWriter: ArchiveSink, @unchecked Sendable {
    public let root: String
    public static let segmentsFolder = "segments"

    /// Refuses a non-empty directory so nothing already saved is overwritten.
    public init(root: String) throws(ArchiveError) {
        self.root = root
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: root, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .io(path: root, operation: "use as output directory", message: "it is a file") }
            let entries = (try? fm.contentsOfDirectory(atPath: root)) ?? []
            guard entries.isEmpty else { throw .outputNotEmpty(path: root) }
        }
        try Self.makeDirectory(root)
        try Self.makeDirectory(root + "/" + Self.segmentsFolder)
    }

    static func makeDirectory(_ path: String) throws(ArchiveError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io(path: path, operation: "create directory", message: (error as NSError).localizedDescription)
        }
    }

    public func begin(header: Manifest) throws {}

    public func openSegment(path: String) throws -> ByteSink {
        try FileSink(creating: root + "/" + path + ".partial")
    }

    public func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws {
        let partial = root + "/" + record.path + ".partial"
        // Re-read what reached the disk before calling it saved.
        let (hex, size) = try HashingSink.hashFile(partial)
        guard hex == record.sha256, size == record.compressedBytes else {
            throw ArchiveError.segment(path: record.path, problem: "file on disk does not match what was written (sha256 or size differ)")
        }
        try Self.rename(partial, root + "/" + record.path)
    }

    public func discardSegment(path: String, sink: ByteSink) {
        (sink as? FileSink)?.abandon()
        unlink(root + "/" + path + ".partial")
    }

    public func finish(manifest: Manifest) throws {
        let bytes = try manifest.encoded()
        let final = root + "/" + Manifest.fileName
        let partial = final + ".partial"
        let sink = try FileSink(creating: partial)
        try sink.write(bytes)
        try sink.finish()
        let (hex, _) = try HashingSink.hashFile(partial)
        guard hex == HashingSink.hash(bytes) else {
            throw ArchiveError.io(path: partial, operation: "verify", message: "manifest on disk differs from what was written")
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
