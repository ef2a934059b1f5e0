import Foundation
import InfluxDump
import XCTest

/// A real, throwaway influxd on a free loopback port, started by the project's own script
/// (scripts/influxd-local.sh) with its own data folder, stopped by PID.
final class TestServer {
    let directory: String
    private(set) var port: Int
    /// (certificate, key, CA) PEM files when the server speaks https.
    let tls: (cert: String, key: String, ca: String)?
    var url: String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)" }

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The `influxdump` executable built next to the test bundle.
    static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("influxdump").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return repositoryRoot + "/.build/debug/influxdump"
    }

    let auth: Bool
    /// Credentials of the admin created on an auth-enabled server.
    static let adminUser = "admin", adminPassword = "Pa55-w0rd-\u{00e9}-unlikely"

    /// Extra lines for the `[data]` section of influxdb.conf (`max-series-per-database = 5`).
    let dataSettings: String

    init(auth: Bool = false, tls: (cert: String, key: String, ca: String)? = nil, dataSettings: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-it-\(UUID().uuidString)").path
        self.auth = auth
        self.tls = tls
        self.dataSettings = dataSettings
        port = 0
        port = try start(port: 0)
        if auth {
            // With auth on and no users yet, 1.6.7 lets an anonymous request create the first admin.
            try InfluxClient(config: ClientConfiguration(baseURL: url, caCertPath: tls?.ca)).queryValues(
                "CREATE USER \(InfluxQL.identifier(Self.adminUser)) WITH PASSWORD \(InfluxQL.string(Self.adminPassword)) WITH ALL PRIVILEGES",
                post: true)
        }
    }

    @discardableResult
    private func start(port: Int) throws -> Int {
        var env = ProcessInfo.processInfo.environment
        env["INFLUXD_AUTH"] = auth ? "true" : "false"
        env["INFLUXD_DATA_SETTINGS"] = dataSettings
        if let tls { env["INFLUXD_HTTPS_CERT"] = tls.cert; env["INFLUXD_HTTPS_KEY"] = tls.key }
        let out = try Shell.run(
            TestServer.repositoryRoot + "/scripts/influxd-local.sh", ["start", directory, String(port)], environment: env)
        guard out.status == 0, let p = Int(out.stdout.split(separator: " ").first ?? "") else {
            throw NSError(domain: "TestServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "influxd did not start: \(out.stderr)"])
        }
        return p
    }

    func stop() {
        _ = try? Shell.run(TestServer.repositoryRoot + "/scripts/influxd-local.sh", ["stop", directory])
    }

    /// Stops and starts the server on the same port and data (1.6.7 then shows its first shard
    /// group with a start after its end; see API facts §11).
    func restart() throws {
        stop()
        try start(port: port)
    }

    /// Stops the server, waits, and starts it again on the same port and data.
    func restartAfter(seconds: Double) throws {
        stop()
        Thread.sleep(forTimeInterval: seconds)
        try start(port: port)
    }

    func destroy() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A new empty folder for one test's files: `$TMPDIR/influxdump-<name>-<uuid>`.
    static func workDirectory(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func client() throws -> InfluxClient {
        try InfluxClient(
            config: ClientConfiguration(
                baseURL: url, username: auth ? Self.adminUser : nil, password: auth ? Self.adminPassword : nil,
                caCertPath: tls?.ca))
    }

    /// Dumps with `args` (databases, filters) into a new temporary archive and returns its path.
    func dump(_ args: [String], prefix: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        let out = try Shell.run(TestServer.executable, ["dump", "--host", url] + args + ["-o", dir, "-q"])
        guard out.status == 0 else { throw NSError(domain: "dump", code: 1, userInfo: [NSLocalizedDescriptionKey: out.stderr]) }
        return dir
    }

    func execute(_ statement: String) throws {
        try client().queryValues(statement, post: true)
    }

    /// Writes raw line protocol bytes; fails the test on any refusal.
    func write(_ database: String, rp: String? = nil, _ body: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws {
        try body.withUnsafeBytes { try client().write(database: database, retentionPolicy: rp, body: $0) }
    }
}
