import ArchiveFormat

/// What a user may set about object storage beside the standard environment: `--s3-…` flags,
/// a job's `target.archive.s3`. Credentials are never here: they come from the environment or
/// the shared credentials file only, so they never sit in argv or in a job file.
public struct S3Options: Sendable, Equatable {
    public var endpoint: String?
    public var region: String?
    public var storageClass: String?
    public var objectLockDays: Int?
    /// `governance` or `compliance`.
    public var objectLockMode: String?
    /// MiB of one multipart part: the memory each segment's upload holds.
    public var partSizeMiB: Int?
    public var caCert: String?
    public var insecureSkipVerify = false

    public init() {}

    public static let lockModes = ["governance", "compliance"]

    /// Sets these options on settings read from the environment (an option wins).
    public func apply(to settings: inout S3Settings) {
        if let endpoint { settings.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint }
        if let region { settings.region = region }
        if let storageClass { settings.storageClass = storageClass }
        if let objectLockDays { settings.objectLockDays = objectLockDays }
        if let objectLockMode { settings.objectLockMode = objectLockMode.uppercased() }
        if let partSizeMiB { settings.partSize = partSizeMiB << 20 }
        if let caCert { settings.caCertPath = caCert }
        if insecureSkipVerify { settings.insecureSkipVerify = true }
    }

    /// Directories, and `s3://` locations with the standard environment and these options.
    public func storage(environment: [String: String]) -> ArchiveStorage {
        let options = self
        return .objectStore(environment: environment) { options.apply(to: &$0) }
    }
}
