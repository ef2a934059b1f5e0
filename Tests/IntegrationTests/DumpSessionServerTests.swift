import Foundation
import InfluxDump
import Logging
import XCTest

/// `DumpSession` against a real influxd: a dump that fails after saving some queries keeps
/// them, and a resume runs only the others and ends with the same segments as a dump that was
/// never interrupted.
final class DumpSessionServerTests: SharedServerTestCase {
    static let db = "session"
    static let day: Int64 = 86_400_000_000_000
    static let start: Int64 = 1_700_006_400_000_000_000  // 2023-11-15, a Wednesday
    override class var workName: String { "dump-session" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try s.execute("CREATE DATABASE \(db)")
        var lines: [String] = []
        for i in 0..<4_000 {
            let t = start + Int64(i) * (4 * day / 4_000)
            lines.append("cpu,host=h\(i % 7) usage=\(Double(i) / 8),n=\(i)i \(t)")
            if i % 3 == 0 { lines.append("mem,host=h\(i % 5) free=\(i)i,note=\"n\(i % 11)\" \(t)") }
        }
        try s.write(db, Array(lines.joined(separator: "\n").utf8))
        return []
    }

    private var logger: Logger {
        var l = Logger(label: "dump-session")
        l.logLevel = .critical
        return l
    }

    private func options(_ url: String) -> DumpOptions {
        var o = DumpOptions(source: ClientConfiguration(baseURL: url))
        o.databases = [Self.db]
        o.chunk = Self.day
        o.jobs = 1
        o.retry = RetryPolicy(maxRetries: 0)
        return o
    }

    /// Segment contents independent of file names.
    private func contents(_ m: Manifest) -> [String] {
        m.segments.map { "\($0.retentionPolicy)|\($0.measurement)|\($0.windowStart)|\($0.part)|\($0.sha256)|\($0.points)" }.sorted()
    }

    private static func isWindowQuery(_ path: String, _ body: String) -> Bool {
        path.hasPrefix("/query") && body.contains("SELECT *") && body.contains("WHERE time >=")
    }

    private func inode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
    }

    func testAFailedDumpKeepsItsSavedQueriesAndAResumeRunsOnlyTheOthers() throws {
        let server = try XCTUnwrap(Self.server)
        let reference = try DumpSession(output: .directory(work + "/reference"), logger: logger).run(options(server.url))
        let windows = try XCTUnwrap(reference.windows).count
        XCTAssertGreaterThan(windows, 4, "the test needs several queries")
        XCTAssertEqual(reference.databases.first?.retentionPolicies.first?.measurements.map(\.series), [7, 5])

        // The second half of the window queries is refused (not transient: no retry).
        let saved = windows / 2
        let counter = Locked(0)
        let failing = try FaultProxy(upstreamPort: server.port) { _, path, body in
            guard Self.isWindowQuery(path, body) else { return .pass }
            return counter.with { n in
                defer { n += 1 }; return n
            } < saved ? .pass : .status(400)
        }
        defer { failing.stop() }
        let dir = work + "/archive"
        let first = DumpSession(output: .init(path: dir), logger: logger)
        XCTAssertThrowsError(try first.run(options(failing.url)))
        XCTAssertNil(first.published)
        XCTAssertEqual(first.leftover, .kept(savedQueries: saved))
        XCTAssertFalse(DirectoryLock.isHeld(root: dir))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/" + Manifest.fileName))
        let savedFiles = try FileManager.default.contentsOfDirectory(atPath: dir + "/segments").sorted()
        XCTAssertFalse(savedFiles.isEmpty)
        let inodes = try savedFiles.map { try inode(dir + "/segments/" + $0) }

        let passing = try FaultProxy(upstreamPort: server.port) { _, _, _ in .pass }
        defer { passing.stop() }
        let resumed = try DumpSession(output: .init(path: dir, resume: true), logger: logger).run(options(passing.url))
        XCTAssertEqual(
            passing.seen.filter { Self.isWindowQuery($0.path, $0.body) }.count, windows - saved, "saved queries are not run again")
        XCTAssertEqual(contents(resumed), contents(reference), "the same segments as a dump that was never interrupted")
        XCTAssertEqual(try savedFiles.map { try inode(dir + "/segments/" + $0) }, inodes, "saved segments are kept, not rewritten")
        XCTAssertEqual(resumed.windows, reference.windows)
        XCTAssertEqual(
            resumed.databases.first?.retentionPolicies.first?.measurements.map(\.series), [nil, nil],
            "a resumed dump does not know the series of the queries saved before it")
        XCTAssertEqual(try ArchiveVerifier(root: dir).run().findings.map(\.description), [])
    }

    /// `-o -`: the stream, which a failure leaves nothing to settle in.
    func testTheStreamCarriesTheSameSegments() throws {
        let server = try XCTUnwrap(Self.server)
        let reference = try DumpSession(output: .directory(work + "/reference"), logger: logger).run(options(server.url))
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let readEnd = fds[0]
        let reader = BackgroundWork<[UInt8]> {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(readEnd, &buffer, buffer.count)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            close(readEnd)
            return bytes
        }
        let session = DumpSession(output: .stream(fileDescriptor: fds[1]), logger: logger)
        let streamed = try session.run(options(server.url))
        close(fds[1])
        let bytes = try reader.wait().get()
        XCTAssertNil(session.leftover)
        XCTAssertEqual(contents(streamed), contents(reference))
        XCTAssertGreaterThan(bytes.count, 0)
    }
}
