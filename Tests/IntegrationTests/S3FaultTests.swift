import Foundation
import InfluxDump
import XCTest

@testable import ObjectStorage

/// Answers a real S3 server does not give on demand (fault injection, a tiny local HTTP
/// receiver): throttling and 5xx are retried with backoff, 403 and 404 fail at once.
final class S3FaultTests: XCTestCase {
    func client(_ server: TinyHTTPServer, retries: Int) -> S3Client {
        var s = S3Settings(
            endpoint: "http://127.0.0.1:\(server.port)", region: "us-east-1", credentials: S3Credentials(accessKey: "AK", secretKey: "SK"))
        s.retry = RetryPolicy(maxRetries: retries, base: 0.01, cap: 0.02)
        return S3Client(settings: s, bucket: "backups")
    }

    func testSlowDownIsRetriedThenNamedWithTheKey() throws {
        let server = try TinyHTTPServer(status: 503)
        defer { server.stop() }
        XCTAssertThrowsError(try client(server, retries: 3).put("a/segments/x.lp.zst", [1, 2, 3])) { error in
            XCTAssertEqual("\(error)", "s3://backups/a/segments/x.lp.zst: SlowDown (HTTP 503)")
        }
        XCTAssertEqual(server.requests.count, 4, "the first try and three retries")
        let put = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(put.method, "PUT")
        XCTAssertEqual(put.path, "/backups/a/segments/x.lp.zst")
        XCTAssertEqual(put.headers["content-md5"], "Uonfc331cyb83SJZevsfrA==", "the MD5 of the body, base64")
        XCTAssertEqual(put.headers["x-amz-content-sha256"], HashingSink.hash([1, 2, 3]))
        XCTAssertTrue(put.headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=AK/") ?? false, "\(put.headers)")
        XCTAssertFalse(put.headers.values.contains { $0.contains("SK") }, "the secret is never sent")
    }

    func testForbiddenAndMissingFailAtOnce() throws {
        for status in [403, 400] {
            let server = try TinyHTTPServer(status: status)
            defer { server.stop() }
            XCTAssertThrowsError(try client(server, retries: 3).put("k", [1])) { error in
                XCTAssertTrue("\(error)".hasPrefix("s3://backups/k: "), "\(error)")
            }
            XCTAssertEqual(server.requests.count, 1, "HTTP \(status) is not retried")
        }
    }
}
