// swift-tools-version:6.0
import PackageDescription

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
    ],
    targets: [
        // One system-library target per C library; each shim header says why every wrapper exists.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd",
                       providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "InfluxDump",
            dependencies: [
                "CCurl", "CZstd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                // YAML job files through Yams, which carries LibYAML as its CYaml target.
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: [
                // Dynamic exclusivity checks were ~30% of a dump's instructions (callgrind): every
                // encoder, parser and segment writer is owned by one worker thread, so release
                // builds skip them. Debug builds (and the tests) keep them.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ]),
        .target(
            name: "InfluxDumpCLI",
            dependencies: [
                "InfluxDump",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "influxdump", dependencies: ["InfluxDumpCLI"]),
        // Job file fixtures are read from the source tree (#filePath), not bundled.
        .testTarget(name: "InfluxDumpTests", dependencies: ["InfluxDump", "CZstd", .product(name: "Yams", package: "Yams")],
                    exclude: ["Jobs/Fixtures"]),
        .testTarget(name: "InfluxDumpCLITests", dependencies: ["InfluxDumpCLI", "InfluxDump"]),
        .testTarget(name: "IntegrationTests", dependencies: ["InfluxDump", "InfluxDumpCLI"]),
    ]
)
