import ArgumentParser
import Foundation
import InfluxDump

/// Where `s3://bucket/prefix` archives are. Credentials come from the standard environment
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) or `AWS_PROFILE` with
/// ~/.aws/credentials, never from a flag: a flag's value is visible in the process list.
struct ObjectStorageOptions: ParsableArguments {
    @Option(
        name: .customLong("s3-endpoint"),
        help: ArgumentHelp(
            "S3-compatible endpoint for s3:// paths, addressed path-style (default: $AWS_ENDPOINT_URL; none: AWS). Credentials come from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY or $AWS_PROFILE.",
            valueName: "url"))
    var endpoint: String?

    @Option(
        name: .customLong("s3-region"),
        help: ArgumentHelp("Region of s3:// paths (default: $AWS_REGION, the profile's, or us-east-1).", valueName: "region"))
    var region: String?

    /// The storage for the paths given; `tls` carries --ca-cert and --insecure-skip-verify where
    /// the command has them, so they apply to the store too.
    func storage(tls: ConnectionOptions? = nil, writing: ObjectWriteOptions? = nil, keys: ArchiveKeys = .none) throws -> ArchiveStorage {
        var options = S3Options()
        if let endpoint {
            if let problem = ClientConfiguration.validate(url: endpoint) { throw UsageError("--s3-endpoint: " + problem) }
            options.endpoint = endpoint
        }
        options.region = region
        options.caCert = tls?.caCert
        options.insecureSkipVerify = tls?.insecureSkipVerify ?? false
        try writing?.apply(to: &options)
        return options.storage(environment: ProcessInfo.processInfo.environment).with(keys: keys)
    }
}

/// How `dump` writes objects to an `s3://` output.
struct ObjectWriteOptions: ParsableArguments {
    @Option(
        name: .customLong("s3-storage-class"),
        help: ArgumentHelp("Storage class of the objects written to s3:// (STANDARD_IA, GLACIER_IR, …).", valueName: "class"))
    var storageClass: String?

    @Option(
        name: .customLong("s3-object-lock-days"),
        help: ArgumentHelp(
            "Object-lock retention of every object written to s3:// (the bucket needs object lock): nobody can delete them for n days, not a prune either.",
            valueName: "n"))
    var objectLockDays: Int?

    @Option(
        name: .customLong("s3-object-lock-mode"),
        help: ArgumentHelp("governance (privileged users may lift it) or compliance (nobody can).", valueName: "mode"))
    var objectLockMode: String = "governance"

    @Option(
        name: .customLong("s3-part-size"),
        help: ArgumentHelp(
            "MiB of one multipart part (5 to 512): each worker holds one part in memory; larger segments upload in parts.",
            valueName: "MiB"))
    var partSize: Int = 8

    func apply(to options: inout S3Options) throws {
        guard (5...512).contains(partSize) else { throw UsageError("--s3-part-size must be 5 to 512 MiB, got \(partSize)") }
        options.partSizeMiB = partSize
        options.storageClass = storageClass
        if let days = objectLockDays {
            guard (1...36_500).contains(days) else { throw UsageError("--s3-object-lock-days must be 1 to 36500, got \(days)") }
            options.objectLockDays = days
        }
        guard S3Options.lockModes.contains(objectLockMode) else {
            throw UsageError("--s3-object-lock-mode \"\(objectLockMode)\": expected governance or compliance")
        }
        options.objectLockMode = objectLockMode
    }
}
