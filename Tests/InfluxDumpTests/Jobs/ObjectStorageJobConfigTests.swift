import Foundation
import XCTest

@testable import Jobs
@testable import ObjectStorage

/// `target.archive.s3` in job files: read, refused when wrong, and written back by
/// `config convert`.
final class ObjectStorageJobConfigTests: XCTestCase {
    func write(_ text: String) throws -> (TempDirectory, String) {
        let dir = try TempDirectory()
        let file = dir.file("job.yaml")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    static let job = """
        name: nightly
        source: {url: http://127.0.0.1:8086, databases: [telegraf]}
        target:
          archive:
            path: s3://backups/influx
            keep_daily: 7
            s3: {endpoint: "http://127.0.0.1:9000", region: eu-west-1, storage_class: STANDARD_IA, object_lock_days: 30, object_lock_mode: compliance}
        mode: range
        """

    func testS3OptionsAreReadAndConvertedBack() throws {
        let (dir, file) = try write(Self.job)
        defer { dir.remove() }
        let job = try JobConfigLoader.load(file: file, environment: [:])
        var expected = S3Options()
        expected.endpoint = "http://127.0.0.1:9000"
        expected.region = "eu-west-1"
        expected.storageClass = "STANDARD_IA"
        expected.objectLockDays = 30
        expected.objectLockMode = "compliance"
        XCTAssertEqual(job.objectStorage, expected)
        guard case .archive(let path, _, _) = job.target else { return XCTFail("an archive target") }
        XCTAssertEqual(path, "s3://backups/influx")
        try NativeJobFile.render(job).write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try JobConfigLoader.load(file: file, environment: [:]).objectStorage, expected, NativeJobFile.render(job))
    }

    func testWrongS3KeysAreRefusedWithTheirPlace() throws {
        let table: [(String, String)] = [
            ("object_lock_mode: strict", "expected governance or compliance, got \"strict\""),
            ("secret_key: x", "secret_key"),
            ("object_lock_days: 0", "object_lock_days"),
        ]
        for (line, message) in table {
            let (dir, file) = try write(
                Self.job.replacingOccurrences(
                    of:
                        "s3: {endpoint: \"http://127.0.0.1:9000\", region: eu-west-1, storage_class: STANDARD_IA, object_lock_days: 30, object_lock_mode: compliance}",
                    with: "s3: {\(line)}"))
            defer { dir.remove() }
            XCTAssertThrowsError(try JobConfigLoader.load(file: file, environment: [:]), line) { error in
                XCTAssertTrue("\(error)".hasPrefix(file + ":"), "\(error)")
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
    }
}
