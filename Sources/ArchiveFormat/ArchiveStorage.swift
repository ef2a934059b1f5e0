/// Turns the places users name (`/backups/t1`, `s3://bucket/prefix`) into stores. Directories
/// need nothing; a URL's scheme needs the opener its target provides (ObjectStorage's
/// `ArchiveStorage.objectStore`), injected here so that nothing below the CLI and jobs needs to
/// know which stores exist.
public struct ArchiveStorage: Sendable {
    /// Opens a location that has a scheme (`s3://…`); nil: directories only.
    private let remote: (@Sendable (String, ArchiveKeys) throws -> any ArchiveStore)?
    /// The keys every store opened here gets (recipients to write, identities to read).
    public var keys: ArchiveKeys

    /// Directories only.
    public static let local = ArchiveStorage(remote: nil)

    public init(remote: (@Sendable (String, ArchiveKeys) throws -> any ArchiveStore)?, keys: ArchiveKeys = .none) {
        self.remote = remote
        self.keys = keys
    }

    /// The same storage with `keys`.
    public func with(keys: ArchiveKeys) -> ArchiveStorage {
        var s = self
        s.keys = keys
        return s
    }

    /// Whether `path` names a location in a remote store rather than a directory.
    public static func isRemote(_ path: String) -> Bool {
        guard let scheme = path.range(of: "://") else { return false }
        let name = path[..<scheme.lowerBound]
        return !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" }
    }

    public func store(for path: String) throws -> any ArchiveStore {
        guard Self.isRemote(path) else { return DirectoryStore(path, keys: keys) }
        guard let remote else {
            throw ArchiveError.unusableDirectory(
                path: path, operation: "open", message: "no store for this kind of URL (only s3:// is known)")
        }
        return try remote(path, keys)
    }
}
