import XCTest

@testable import ObjectStorage

/// The XML answers of S3, as AWS documents them, read with Foundation's XMLParser; the errors
/// they become, with their hints (golden messages).
final class S3AnswerTests: XCTestCase {
    func testAListingIsReadWithKeysSizesETagsAndPrefixes() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>backups</Name><Prefix>jobs/</Prefix><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>
              <NextContinuationToken>tok&amp;1</NextContinuationToken>
              <Contents><Key>jobs/a &amp; b.json</Key><Size>12</Size><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></Contents>
              <CommonPrefixes><Prefix>jobs/20261101T030000Z/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """
        let root = try XCTUnwrap(S3XML.parse(Array(xml.utf8)))
        XCTAssertEqual(root.name, "ListBucketResult")
        XCTAssertEqual(root["NextContinuationToken"], "tok&1")
        let contents = try XCTUnwrap(root.child("Contents"))
        XCTAssertEqual(contents["Key"], "jobs/a & b.json")
        XCTAssertEqual(S3Client.unquoted(contents["ETag"]), "9b2cf535f27731c974343645a3985328")
        XCTAssertEqual(root.all("CommonPrefixes").compactMap { $0["Prefix"] }, ["jobs/20261101T030000Z/"])
        XCTAssertNil(S3XML.parse(Array("<a><b></a>".utf8)), "not well-formed")
    }

    func testErrorsNameTheObjectTheCodeAndWhatToDo() {
        func error(_ status: Int, _ body: String) -> String {
            "\(S3Client.serviceError(status: status, body: Array(body.utf8), object: "s3://backups/x/manifest.json"))"
        }
        XCTAssertEqual(
            error(
                403,
                "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>"),
            "s3://backups/x/manifest.json: SignatureDoesNotMatch (HTTP 403): The request signature we calculated does not match; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the AWS_PROFILE's credentials) and the region"
        )
        XCTAssertEqual(
            error(404, "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>"),
            "s3://backups/x/manifest.json: NoSuchBucket (HTTP 404): The specified bucket does not exist; create the bucket first, or check its name and --s3-endpoint"
        )
        XCTAssertEqual(
            error(403, ""),
            "s3://backups/x/manifest.json: AccessDenied (HTTP 403); the credentials lack permission for this bucket or key (check the bucket policy)"
        )
        XCTAssertEqual(error(503, "<html>busy</html>"), "s3://backups/x/manifest.json: SlowDown (HTTP 503)")
    }

    func testOnlyThrottlingServerErrorsAndConnectionsAreRetried() {
        func transient(_ status: Int, _ code: String) -> Bool {
            S3Error.service(object: "o", status: status, code: code, message: "").isTransient
        }
        XCTAssertTrue(transient(503, "SlowDown"))
        XCTAssertTrue(transient(500, "InternalError"))
        XCTAssertTrue(transient(400, "RequestTimeout"))
        XCTAssertTrue(transient(400, "BadDigest"))
        XCTAssertTrue(S3Error.transport(object: "o", message: "connection refused").isTransient)
        XCTAssertFalse(transient(403, "AccessDenied"))
        XCTAssertFalse(transient(403, "SignatureDoesNotMatch"))
        XCTAssertFalse(transient(404, "NoSuchBucket"))
        XCTAssertFalse(S3Error.checksum(object: "o", problem: "p").isTransient)
    }

    func testARunLockIsHeldWhileItsProcessLivesOrForADayOnAnotherHost() {
        let host = ProcessInfo.processInfo.hostName
        let now = Date()
        XCTAssertTrue(S3RunLock.isHeld(S3RunLock.line(now: now)), "this process")
        XCTAssertFalse(S3RunLock.isHeld("\(host) 2147483000 \(Int(now.timeIntervalSince1970))"), "a dead process of this host")
        XCTAssertTrue(S3RunLock.isHeld("elsewhere 1 \(Int(now.timeIntervalSince1970) - 3600)", now: now))
        XCTAssertFalse(S3RunLock.isHeld("elsewhere 1 \(Int(now.timeIntervalSince1970) - 90_000)", now: now))
        XCTAssertFalse(S3RunLock.isHeld("garbage"))
    }
}
