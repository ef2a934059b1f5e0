import Foundation
import XCTest

@testable import Support

/// One reader for `--password-file` and a job's `password_file`: the first line, a CR of a
/// Windows file trimmed, and whether others can read it (the CLI trimmed and warned, jobs did not).
final class PasswordFileTests: XCTestCase {
    func testFirstLineWithoutCRAndTheModeIsReported() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(
            atPath: path, contents: Data("s3cr3t é\r\nsecond line\n".utf8), attributes: [.posixPermissions: 0o600])
        XCTAssertEqual(PasswordFile.read(path)?.password, "s3cr3t é")
        XCTAssertEqual(PasswordFile.read(path)?.readableByOthers, false)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        XCTAssertEqual(PasswordFile.read(path)?.readableByOthers, true)
        XCTAssertNil(PasswordFile.read(path + ".missing"))
    }
}
