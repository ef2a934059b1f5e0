// swift-tools-version:6.0
import PackageDescription

let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
// Dynamic exclusivity checks were ~30% of a dump's instructions (callgrind): every encoder,
// parser and segment writer is owned by one worker thread, so release builds of the library
// targets skip them. Debug builds (and the tests) keep them. The hot path crosses targets
// (Support's ByteBuffer, InfluxAPI's parser, LineProtocol's encoder, ArchiveFormat's writers):
// cross-module optimization lets release builds inline across them as within one module.
let release: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
    name: "influxdump",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "influxdump", targets: ["influxdump"]),
        .library(name: "InfluxDump", targets: ["InfluxDump"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The metastore of `influxd backup -portable` is protobuf (generated code is committed).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // One system-library target per C library; each shim header says why every wrapper exists.
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            name: "CSnappy", pkgConfig: "snappy",
            providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]),
        // The data path, one target per stage; every arrow points one way (ARCHITECTURE.md):
        // Support → InfluxAPI → LineProtocol → ArchiveFormat → Schema → Dump | Restore | Verify
        // → Metrics → Jobs → InfluxDump (the library product) → InfluxDumpCLI.
        .target(name: "Support", swiftSettings: release),
        .target(name: "InfluxAPI", dependencies: ["CCurl", "Support"], swiftSettings: release),
        // The other source of a dump: `influxd backup -portable` folders read offline (TSM files,
        // tombstones, the metastore). Knows nothing of HTTP, line protocol or archives.
        .target(
            name: "NativeBackup",
            dependencies: ["Support", "CSnappy", "CZlib", "CArchive", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: release),
        .target(name: "LineProtocol", dependencies: ["Support", "InfluxAPI"], swiftSettings: release),
        .target(
            name: "ArchiveFormat",
            dependencies: ["CZstd", "Support", "LineProtocol", "AgeEncryption", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: release),
        // age v1 encryption (age-encryption.org/v1) as byte-pipeline stages, on swift-crypto.
        .target(
            name: "AgeEncryption",
            dependencies: [
                "Support", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: release),
        // S3-compatible object storage: one more ArchiveStore, over InfluxAPI's libcurl handle (SigV4).
        .target(
            name: "ObjectStorage",
            dependencies: ["Support", "InfluxAPI", "ArchiveFormat", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Schema", dependencies: ["Support", "InfluxAPI", "LineProtocol", "ArchiveFormat"]),
        .target(
            name: "Dump", dependencies: ["Support", "InfluxAPI", "NativeBackup", "LineProtocol", "ArchiveFormat", "Schema", logging],
            swiftSettings: release),
        .target(name: "Restore", dependencies: ["Support", "InfluxAPI", "LineProtocol", "ArchiveFormat", "Schema", logging]),
        .target(name: "Verify", dependencies: ["Support", "InfluxAPI", "LineProtocol", "ArchiveFormat", "AgeEncryption", "Schema"]),
        .target(name: "Metrics", dependencies: ["Support", "InfluxAPI", "LineProtocol", "ArchiveFormat", "Restore", logging]),
        .target(
            name: "Jobs",
            dependencies: [
                "Support", "InfluxAPI", "LineProtocol", "AgeEncryption", "ArchiveFormat", "ObjectStorage", "Schema", "Dump", "Restore",
                "Verify",
                "Metrics", logging,
                // YAML job files through Yams, which carries LibYAML as its CYaml target.
                .product(name: "Yams", package: "Yams"),
            ]),
        // The library as one import for programs that embed influxdump.
        .target(
            name: "InfluxDump",
            dependencies: [
                "AgeEncryption", "Support", "InfluxAPI", "LineProtocol", "ArchiveFormat", "ObjectStorage", "Schema", "Dump", "Restore",
                "Verify", "Metrics",
                "Jobs", "NativeBackup",
            ]),
        .target(
            name: "InfluxDumpCLI",
            dependencies: [
                "InfluxDump", "AgeEncryption",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "influxdump", dependencies: ["InfluxDumpCLI"]),
        // Job file fixtures are read from the source tree (#filePath), not bundled.
        .testTarget(
            name: "InfluxDumpTests",
            dependencies: [
                "InfluxDump", "Support", "InfluxAPI", "LineProtocol", "ArchiveFormat", "ObjectStorage", "Schema", "Dump", "Restore",
                "Verify", "Metrics", "Jobs", "CZstd", "AgeEncryption", .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Jobs/Fixtures"]),
        // The native-backup reader alone: builds without the rest of the package.
        .testTarget(name: "NativeBackupTests", dependencies: ["NativeBackup", "Support", "CSnappy", "CZlib"]),
        .testTarget(
            name: "InfluxDumpCLITests",
            dependencies: [
                "InfluxDumpCLI", "InfluxDump", "Support", "InfluxAPI", "LineProtocol", "ArchiveFormat", "ObjectStorage", "Schema", "Dump",
                "Restore", "Verify", "Metrics", "Jobs",
            ]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "InfluxDump", "InfluxDumpCLI", "Support", "InfluxAPI", "LineProtocol", "ArchiveFormat", "ObjectStorage", "Schema", "Dump",
                "Restore", "Verify", "Metrics", "Jobs",
            ]),
    ]
)
