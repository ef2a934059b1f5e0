import XCTest

@testable import ObjectStorage

final class S3CredentialsTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-creds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/.aws", withIntermediateDirectories: true)
        try """
        # comment
        [default]
        aws_access_key_id = AKDEFAULT
        aws_secret_access_key = secret-default

        [backup]
        aws_access_key_id=AKBACKUP
        aws_secret_access_key=secret-backup
        aws_session_token = token-backup
        [broken]
        aws_access_key_id = AKBROKEN
        """.write(toFile: dir + "/.aws/credentials", atomically: true, encoding: .utf8)
        try "[profile backup]\nregion = eu-central-1\n[default]\nregion=us-west-2\n".write(
            toFile: dir + "/.aws/config", atomically: true, encoding: .utf8)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testTheEnvironmentComesBeforeTheSharedFile() throws {
        let c = try S3Credentials.resolve(environment: [
            "HOME": dir, "AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SESSION_TOKEN": "tok",
            "AWS_PROFILE": "backup",
        ])
        XCTAssertEqual([c.accessKey, c.secretKey, c.sessionToken], ["AKENV", "secret-env", "tok"])
        XCTAssertEqual(try S3Credentials.resolve(environment: ["HOME": dir]).accessKey, "AKDEFAULT")
        let profile = try S3Credentials.resolve(environment: ["HOME": dir, "AWS_PROFILE": "backup"])
        XCTAssertEqual([profile.accessKey, profile.secretKey, profile.sessionToken], ["AKBACKUP", "secret-backup", "token-backup"])
        XCTAssertEqual("\(profile)", "access key AKBACKUP", "the description shows no secret")
    }

    func testRegionOrder() {
        XCTAssertEqual(S3Credentials.region(environment: ["HOME": dir, "AWS_REGION": "a", "AWS_DEFAULT_REGION": "b"]), "a")
        XCTAssertEqual(S3Credentials.region(environment: ["HOME": dir, "AWS_DEFAULT_REGION": "b"]), "b")
        XCTAssertEqual(S3Credentials.region(environment: ["HOME": dir, "AWS_PROFILE": "backup"]), "eu-central-1")
        XCTAssertEqual(S3Credentials.region(environment: ["HOME": dir]), "us-west-2")
        XCTAssertEqual(S3Credentials.region(environment: ["HOME": dir + "/none"]), "us-east-1")
    }

    func testMissingCredentialsSayWhereToPutThemAndNeverShowASecret() {
        let table: [([String: String], String)] = [
            (
                ["HOME": dir, "AWS_ACCESS_KEY_ID": "AK"],
                "object storage credentials: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
            ),
            (
                ["HOME": dir + "/none"],
                "object storage credentials: none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with \(dir!)/none/.aws/credentials"
            ),
            (["HOME": dir, "AWS_PROFILE": "nope"], "object storage credentials: \(dir!)/.aws/credentials: no profile [nope]"),
            (
                ["HOME": dir, "AWS_PROFILE": "broken"],
                "object storage credentials: \(dir!)/.aws/credentials: profile [broken] lacks aws_access_key_id or aws_secret_access_key"
            ),
        ]
        for (env, message) in table {
            XCTAssertThrowsError(try S3Credentials.resolve(environment: env)) { error in
                XCTAssertEqual("\(error)", message)
                XCTAssertFalse("\(error)".contains("secret-"))
            }
        }
    }

    func testEndpointFromTheEnvironmentAndTheFlag() throws {
        let env = ["HOME": dir!, "AWS_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_CA_BUNDLE": "/etc/ca.pem"]
        let s = try S3Settings.fromEnvironment(env)
        XCTAssertEqual(s.endpoint, "http://127.0.0.1:9000")
        XCTAssertEqual(s.caCertPath, "/etc/ca.pem")
        XCTAssertEqual(
            try S3Settings.fromEnvironment(env.merging(["AWS_ENDPOINT_URL_S3": "http://s3only"]) { $1 }).endpoint, "http://s3only")
        XCTAssertEqual(try S3Settings.fromEnvironment(env, endpoint: "http://flag").endpoint, "http://flag")
        XCTAssertNil(try S3Settings.fromEnvironment(["HOME": dir]).endpoint)
    }
}
