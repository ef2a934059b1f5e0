import XCTest

@testable import ObjectStorage

final class S3LocationTests: XCTestCase {
    func testLocationsParseIntoBucketAndPrefix() throws {
        let table: [(String, String, String)] = [
            ("s3://backups", "backups", ""),
            ("s3://backups/", "backups", ""),
            ("s3://backups/influx/telegraf-2026-12-02", "backups", "influx/telegraf-2026-12-02"),
            ("s3://my.bucket-1//a///b/", "my.bucket-1", "a/b"),
        ]
        for (url, bucket, prefix) in table {
            let l = try S3Location(parsing: url)
            XCTAssertEqual(l.bucket, bucket, url)
            XCTAssertEqual(l.prefix, prefix, url)
        }
        let l = try S3Location(parsing: "s3://b1b/jobs")
        XCTAssertEqual(l.key("manifest.json"), "jobs/manifest.json")
        XCTAssertEqual(l.child("nightly").description, "s3://b1b/jobs/nightly")
        XCTAssertEqual(try S3Location(parsing: "s3://b1b").key("x"), "x")
    }

    func testBadLocationsAreRefusedWithTheReason() {
        let table: [(String, String)] = [
            ("http://x/y", "http://x/y: not an object storage location: expected s3://bucket/prefix"),
            ("s3://ab/x", "s3://ab/x: not an object storage location: bucket name must be 3 to 63 lower-case letters, digits, '.' or '-'"),
            (
                "s3://Backups/x",
                "s3://Backups/x: not an object storage location: bucket name must be 3 to 63 lower-case letters, digits, '.' or '-'"
            ),
            ("s3://backups/a/../b", "s3://backups/a/../b: not an object storage location: the prefix may not hold '.' or '..' parts"),
        ]
        for (url, message) in table {
            XCTAssertThrowsError(try S3Location(parsing: url), url) { XCTAssertEqual("\($0)", message) }
        }
    }

    func testURLsArePathStyleWithAnEndpointAndVirtualHostedOnAWS() {
        let creds = S3Credentials(accessKey: "AK", secretKey: "SK")
        let custom = S3Settings(endpoint: "http://127.0.0.1:9000/", region: "eu-west-1", credentials: creds)
        XCTAssertEqual(custom.url(bucket: "b1b", key: "a b/ü+x"), "http://127.0.0.1:9000/b1b/a%20b/%C3%BC%2Bx")
        XCTAssertEqual(
            custom.url(bucket: "b1b", key: "", query: [("prefix", "p/q"), ("list-type", "2")]),
            "http://127.0.0.1:9000/b1b?list-type=2&prefix=p%2Fq", "the query sorted by name, '/' encoded, as SigV4 signs it")
        let aws = S3Settings(region: "eu-west-1", credentials: creds)
        XCTAssertEqual(aws.url(bucket: "b1b", key: "x/y.lp.zst"), "https://b1b.s3.eu-west-1.amazonaws.com/x/y.lp.zst")
        XCTAssertEqual(aws.url(bucket: "b1b", key: ""), "https://b1b.s3.eu-west-1.amazonaws.com/")
    }
}
