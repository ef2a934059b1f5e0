import Foundation
import InfluxDump
import XCTest

/// Job logs pushed to Loki's push API: JSON streams labelled with job and database; a Loki that
/// is down never fails or blocks the backup, and the dropped lines are reported.
final class LokiTests: XCTestCase {
    var server: TestServer!
    var work: String!

    override func setUpWithError() throws {
        server = try TestServer()
        work = try TestServer.workDirectory("loki")
        try server.execute("CREATE DATABASE src")
        try server.write("src", Array("cpu,host=a usage=1.5 1\ncpu,host=b usage=2.5 2\n".utf8))
    }

    override func tearDown() {
        server?.destroy()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    func writeJob(loki: String) throws {
        try """
        name: pushed
        source: {url: \(server.url), databases: [src]}
        target: {archive: {path: \(work!)/archives}}
        mode: range
        logging:
          level: info
          file: \(work!)/pushed.log
          loki:
            url: \(loki)
            labels: {env: test}
        """.write(toFile: work + "/job.yaml", atomically: true, encoding: .utf8)
    }

    func testLinesArePushedAsLabelledStreams() throws {
        let loki = try TinyHTTPServer()
        defer { loki.stop() }
        try writeJob(loki: "http://127.0.0.1:\(loki.port)")
        let out = try Shell.run(TestServer.executable, ["run", work + "/job.yaml", "--once", "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let pushes = loki.requests
        XCTAssertFalse(pushes.isEmpty)
        var lines: [String] = []
        for r in pushes {
            XCTAssertEqual(r.method, "POST")
            XCTAssertEqual(r.path, "/loki/api/v1/push")
            XCTAssertEqual(r.headers["content-type"], "application/json")
            let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
            let streams = try XCTUnwrap(doc["streams"] as? [[String: Any]])
            for s in streams {
                let labels = try XCTUnwrap(s["stream"] as? [String: String])
                XCTAssertEqual(labels["job"], "pushed")
                XCTAssertEqual(labels["database"], "src")
                XCTAssertEqual(labels["env"], "test")
                for v in try XCTUnwrap(s["values"] as? [[String]]) {
                    XCTAssertEqual(v.count, 2)
                    XCTAssertTrue(v[0].count >= 19 && v[0].allSatisfy(\.isNumber), "nanosecond timestamp as a string: \(v[0])")
                    lines.append(v[1])
                }
            }
        }
        XCTAssertTrue(lines.contains { $0.contains("job finished") }, "\(lines)")
        let file = try String(contentsOfFile: work + "/pushed.log", encoding: .utf8)
        XCTAssertTrue(file.contains("[pushed] job finished"))
    }

    func testALokiThatIsDownNeverFailsTheBackup() throws {
        try writeJob(loki: "http://127.0.0.1:1")
        let out = try Shell.run(TestServer.executable, ["run", work + "/job.yaml", "--once", "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(
            out.stderr.contains("log line(s) could not be pushed to Loki (0 sent); the backup itself is not affected"), out.stderr)
        XCTAssertTrue(out.stdout.contains("pushed"), out.stdout)
    }
}
