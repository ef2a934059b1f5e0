import Foundation

/// An archive directory with its manifest, read once: what job folders, chains, `inspect`,
/// `verify` and `restore` pass around.
public struct LoadedArchive: Sendable {
    public var path: String
    public var manifest: Manifest
    /// The directory's name (a job archive's name is its start time, `YYYYMMDDTHHMMSSZ`).
    public var name: String { (path as NSString).lastPathComponent }

    public init(path: String, manifest: Manifest) {
        self.path = path
        self.manifest = manifest
    }
}
