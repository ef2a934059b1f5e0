import ArchiveFormat
import Support

extension ArchiveStorage {
    /// Directories, and `s3://bucket/prefix` locations in the store `settings` describe. One
    /// client per bucket is shared by every store opened here (and their children).
    public static func objectStore(_ settings: S3Settings) -> ArchiveStorage {
        let clients = ClientsByBucket(settings: settings)
        return ArchiveStorage(remote: { url, keys in
            let location = try S3Location(parsing: url)
            return S3Store(client: clients.client(for: location.bucket), location: location, keys: keys)
        })
    }

    /// Directories, and `s3://` locations configured by the standard environment when one is
    /// named: credentials are looked up only then, so a dump to a directory needs none.
    public static func objectStore(
        environment: [String: String], configure: @escaping @Sendable (inout S3Settings) -> Void = { _ in }
    ) -> ArchiveStorage {
        let opened = LazySettings(environment: environment, configure: configure)
        return ArchiveStorage(remote: { url, keys in try opened.storage().with(keys: keys).store(for: url) })
    }
}

/// The S3 settings, resolved from the environment the first time an `s3://` location is opened.
private final class LazySettings: @unchecked Sendable {
    private let environment: [String: String]
    private let configure: @Sendable (inout S3Settings) -> Void
    private let resolved = Locked<ArchiveStorage?>(nil)

    init(environment: [String: String], configure: @escaping @Sendable (inout S3Settings) -> Void) {
        self.environment = environment
        self.configure = configure
    }

    func storage() throws -> ArchiveStorage {
        if let s = resolved.snapshot { return s }
        var settings = try S3Settings.fromEnvironment(environment)
        configure(&settings)
        let storage = ArchiveStorage.objectStore(settings)
        resolved.with { $0 = storage }
        return storage
    }
}

private final class ClientsByBucket: @unchecked Sendable {
    let settings: S3Settings
    private let clients = Locked<[String: S3Client]>([:])

    init(settings: S3Settings) { self.settings = settings }

    func client(for bucket: String) -> S3Client {
        clients.with { all in
            if let c = all[bucket] { return c }
            let c = S3Client(settings: settings, bucket: bucket)
            all[bucket] = c
            return c
        }
    }
}
