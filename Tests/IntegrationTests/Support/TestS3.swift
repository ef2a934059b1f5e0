import Foundation
import InfluxDump
import XCTest

/// A real S3-compatible server that checks SigV4 signatures (moto_server, started by
/// scripts/s3-local.sh on a free loopback port), with an IAM user whose key signs every request,
/// and the buckets asked for. Stopped by PID.
final class TestS3 {
    let directory: String
    let port: Int
    let accessKey: String
    let secretKey: String
    var endpoint: String { "http://127.0.0.1:\(port)" }

    init(buckets: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-s3-\(UUID().uuidString)").path
        let out = try Shell.run(TestServer.repositoryRoot + "/scripts/s3-local.sh", ["start", directory, "0"] + buckets)
        guard out.status == 0, let p = Int(out.stdout.split(separator: " ").first ?? "") else {
            throw NSError(
                domain: "TestS3", code: 1,
                userInfo: [NSLocalizedDescriptionKey: "S3 server did not start (run scripts/install-deps.sh): \(out.stderr)"])
        }
        port = p
        let env = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        var values: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { values[kv[0]] = kv[1] }
        }
        accessKey = values["AWS_ACCESS_KEY_ID"] ?? ""
        secretKey = values["AWS_SECRET_ACCESS_KEY"] ?? ""
    }

    func destroy() {
        _ = try? Shell.run(TestServer.repositoryRoot + "/scripts/s3-local.sh", ["stop", directory])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The environment a user would set: the test process's, with the AWS variables for this
    /// server (and none inherited that could point elsewhere).
    func environment(secret: String? = nil) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        env["AWS_ACCESS_KEY_ID"] = accessKey
        env["AWS_SECRET_ACCESS_KEY"] = secret ?? secretKey
        env["AWS_REGION"] = "us-east-1"
        env["AWS_ENDPOINT_URL"] = endpoint
        return env
    }

    /// Runs influxdump with this server's environment.
    func influxdump(_ args: [String], secret: String? = nil) throws -> Shell.Output {
        try Shell.run(TestServer.executable, args, environment: environment(secret: secret))
    }

    /// Runs the real `aws` CLI (installed with moto) against this server.
    func aws(_ args: [String]) throws -> Shell.Output {
        let venv = try Shell.run(TestServer.repositoryRoot + "/scripts/s3-venv.sh", []).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        return try Shell.run(venv + "/bin/aws", ["--endpoint-url", endpoint] + args, environment: environment())
    }

    /// The library's storage for this server (for tests that use the stores directly).
    func storage() throws -> ArchiveStorage {
        var s = S3Settings(endpoint: endpoint, region: "us-east-1", credentials: S3Credentials(accessKey: accessKey, secretKey: secretKey))
        s.retry = RetryPolicy(maxRetries: 1, base: 0.05)
        return .objectStore(s)
    }
}
