import Foundation
import XCTest
import Yams

@testable import Jobs

/// `config convert`'s output for each legacy fixture, against golden files in
/// Fixtures/converted/ (regenerate with `UPDATE_GOLDEN=1` and review the diff); the output loads
/// as the same job and never holds a password.
final class NativeJobFileTests: XCTestCase {
    static let converted = LegacyJobConfigLoaderTests.fixtures + "/converted"
    static let fixtures = ["telegraf-copy", "hourly-incremental", "plant-sync"]
    static let secrets = ["s3cret-a", "s3cret-b", "pl@nt pass", "other"]

    /// The rendering with the fixture folder written as `legacy/`, so the golden files do not
    /// depend on where the repository is.
    private func render(_ job: JobConfig) -> String {
        NativeJobFile.render(job).replacingOccurrences(of: LegacyJobConfigLoaderTests.legacy + "/", with: "legacy/")
    }

    func testConvertedFilesMatchTheGoldenFiles() throws {
        for name in Self.fixtures {
            let job = try JobConfigLoader.load(file: LegacyJobConfigLoaderTests.legacy + "/\(name).yaml", environment: [:])
            let text = render(job)
            let golden = Self.converted + "/\(name).yaml"
            if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
                try text.write(toFile: golden, atomically: true, encoding: .utf8)
                continue
            }
            XCTAssertEqual(text, try String(contentsOfFile: golden, encoding: .utf8), "\(name); run with UPDATE_GOLDEN=1 and review")
            for secret in Self.secrets { XCTAssertFalse(text.contains(secret), "\(name) prints a password") }
        }
    }

    /// Loading the converted file gives the job the legacy file gave: rendered again, only the
    /// comments differ (the passwords now come from the variables the comments name).
    func testConvertedFilesLoadAsTheSameJob() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for name in Self.fixtures {
            let legacy = try JobConfigLoader.load(file: LegacyJobConfigLoaderTests.legacy + "/\(name).yaml", environment: [:])
            let path = dir.file("\(name).yaml")
            try NativeJobFile.render(legacy).write(toFile: path, atomically: true, encoding: .utf8)
            var environment: [String: String] = [:]
            for endpoint in ["source", "server"] { environment[NativeJobFile.passwordVariable(job: name, endpoint: endpoint)] = "from-env" }
            let native = try JobConfigLoader.load(file: path, environment: environment)
            XCTAssertNil(native.legacyShape)
            XCTAssertEqual(native.warnings, [], name)
            func body(_ job: JobConfig) -> [String] {
                NativeJobFile.render(job).split(separator: "\n").map(String.init)
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
                    .map { $0.components(separatedBy: "  # ")[0] }
            }
            XCTAssertEqual(body(native), body(legacy), name)
        }
    }

    /// Every scalar reads back as the same string (Yams chooses the style), also inside a
    /// mapping, where a `#` or `: ` would otherwise start a comment or a key.
    func testScalarsReadBackAsTheSameString() throws {
        let table = [
            "telegraf", "http://a:8086", "/var/log/x.log", "yes", "NULL", "123", "1e3", "a b", "/^_/", "x:", "",
            "q\"\\", "#c", "a #b", "0 3 * * *", "ünï", " lead", "tab\there", "- x", "[a]", "{b}", "~",
        ]
        for given in table {
            let yaml = "key: \(NativeJobFile.scalar(given))\n"
            let loaded = try Yams.load(yaml: yaml) as? [String: Any]
            XCTAssertEqual(loaded?["key"] as? String, given, yaml)
        }
        XCTAssertEqual(NativeJobFile.scalar("telegraf"), "telegraf", "plain where plain is unambiguous")
    }
}
