import Foundation

/// An archive with its manifest, read once: what job folders, chains, `inspect`, `verify` and
/// `restore` pass around.
public struct LoadedArchive: Sendable {
    public var store: any ArchiveStore
    public var manifest: Manifest
    /// The directory's path or `s3://bucket/prefix`.
    public var path: String { store.location }
    /// The archive's name (a job archive's name is its start time, `YYYYMMDDTHHMMSSZ`).
    public var name: String { store.name }

    public init(store: any ArchiveStore, manifest: Manifest) {
        self.store = store
        self.manifest = manifest
    }

    /// An archive directory.
    public init(path: String, manifest: Manifest) {
        self.init(store: DirectoryStore(path), manifest: manifest)
    }
}
