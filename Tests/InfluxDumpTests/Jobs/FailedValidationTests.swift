import Foundation
import Logging
import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import InfluxAPI
@testable import Jobs
@testable import Support
@testable import Verify

/// A run whose archive failed `options.validate` is marked, and the next incremental run does
/// not continue it (which would carry the difference on for the whole chain) but starts a new one.
final class FailedValidationTests: XCTestCase {
    func testTheNextRunStartsANewChainAfterAFailedValidation() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let folder = ArchiveFolder(root: dir.file("folder"))
        for name in ["20261101T030000Z", "20261102T030000Z"] {
            let writer = try DirectoryArchiveWriter(root: folder.root + "/" + name)
            let manifest = Fixtures.manifest(complete: true, segments: [])
            try writer.begin(header: manifest, tasks: [DumpTask]())
            try writer.finish(manifest: manifest)
        }
        let file = dir.file("job.yaml")
        try """
        name: j
        source: {url: http://127.0.0.1:8086, databases: [db]}
        target: {archive: {path: \(dir.path)}}
        mode: incremental
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let runner = JobRunner(
            job: try JobConfigLoader.load(file: file, environment: [:]), logger: Logger(label: "t"), cancellation: Cancellation())
        func plan() throws -> DumpOptions {
            var o = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:8086"))
            try runner.continueChain(&o, folder: folder, fullEvery: nil, fallbackDays: 7, lookback: 0, now: Date())
            return o
        }
        XCTAssertEqual(try plan().parent?.path, "20261102T030000Z", "a sound last archive is continued")
        try DirectoryStore(folder.root + "/20261102T030000Z").write(ArchiveFolder.failedValidationMarker, Array("1 problem(s)\n".utf8))
        XCTAssertNil(try plan().parent, "the archive that failed validation is not continued")
        XCTAssertEqual(try ArchiveVerifier(root: folder.root + "/20261102T030000Z").run().findings, [], "the marker is no stray file")
    }
}
