import Foundation
import Support

/// An archive store on disk: a directory whose files are the archive's files.
public struct DirectoryStore: ArchiveStore {
    public let root: String
    public let keys: ArchiveKeys

    public init(_ root: String, keys: ArchiveKeys = .none) {
        self.root = root
        self.keys = keys
    }

    public var location: String { root }

    public func child(_ name: String) -> any ArchiveStore { DirectoryStore(root + "/" + name, keys: keys) }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + name) }

    public func contents(_ name: String) throws -> [UInt8]? {
        let path = root + "/" + name
        guard exists(name) else { return nil }
        var bytes: [UInt8] = []
        try FileSource.read(path) { bytes.append(contentsOf: $0) }
        return bytes
    }

    public func read(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        guard exists(name) else { return false }
        try FileSource.read(root + "/" + name, body)
        return true
    }

    public func entries() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted() }

    public func files() -> [String] {
        var out: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir)
            if !isDir.boolValue { out.append(rel) }
        }
        return out.sorted()
    }

    public func write(_ name: String, _ bytes: [UInt8]) throws {
        let path = root + "/" + name
        let sink = try FileSink(creating: path + ".partial")
        try sink.write(bytes)
        try sink.finish()
        try DirectoryArchiveWriter.rename(path + ".partial", path)
    }

    public func isPresent() -> Bool { FileManager.default.fileExists(atPath: root) }

    static let pruningPrefix = ".pruning-"

    public func removeChild(_ name: String, unfinishedOnly: Bool) throws -> RemovalOutcome {
        let fm = FileManager.default
        let dir = root + "/" + name
        // The run's lock, held while the directory is renamed: no dump can start to resume it
        // meanwhile. A complete archive has no lock file: taking it creates one, removed with it.
        let lock: DirectoryLock
        do { lock = try DirectoryLock(root: dir) } catch .locked { return .inUse }
        if unfinishedOnly, ArchiveEncryption.hasManifest(DirectoryStore(dir)) {
            unlink(dir + "/" + DirectoryLock.fileName)
            return .completed
        }
        let hidden = root + "/" + Self.pruningPrefix + name
        do {
            try fm.moveItem(atPath: dir, toPath: hidden)
            lock.release()
            try fm.removeItem(atPath: hidden)
        } catch {
            throw ArchiveError.io(path: dir, operation: "remove", message: "\(error.localizedDescription)")
        }
        return .removed
    }

    public func removeLeftovers() throws {
        for leftover in entries() where leftover.hasPrefix(Self.pruningPrefix) {
            try FileManager.default.removeItem(atPath: root + "/" + leftover)
        }
    }

    public func openWriter(resume: Bool, resumeKey: String?) throws -> any ArchiveWriter {
        try DirectoryArchiveWriter(root: root, resume: resume, resumeKey: resumeKey, keys: keys)
    }

    public func resumeKey() -> String? { DirectoryArchiveWriter.resumeKey(ofInterruptedDumpIn: root, keys: keys) }

    public func isLocked() -> Bool { DirectoryLock.isHeld(root: root) }
}
