import Foundation
import InfluxDump
import XCTest

/// Restore against a real server: refused points are counted with their reason and exit 1;
/// filters restore exactly the asked-for points; restoring twice is idempotent.
final class RestoreBehaviourTests: SharedServerTestCase {
    nonisolated(unsafe) static var archive: String?
    static let db = "source"

    override class func prepare(_ s: TestServer) throws -> [String] {
        try NastyDataset.load(into: s, database: db)
        archive = try s.dump(["-d", db], prefix: "influxdump-rb")
        return [archive!]
    }

    func fixture() throws -> (TestServer, String) {
        if let e = Self.setupError { throw e }
        return (try XCTUnwrap(Self.server), try XCTUnwrap(Self.archive))
    }

    func count(_ server: TestServer, _ db: String, _ measurement: String) throws -> Int64 {
        let rows = SchemaDiscovery.rows(
            try server.client().queryValues(
                "SELECT count(*) FROM \(InfluxQL.identifier(db))..\(InfluxQL.identifier(measurement))", database: db))
        guard let row = rows.first else { return 0 }
        return zip(row.columns, row.values).filter { $0.0 != "time" }.compactMap { $0.1.intValue }.max() ?? 0
    }

    func testRefusedPointsAreCountedWithTheirReasonAndExitOne() throws {
        let (server, archive) = try fixture()
        try server.execute("CREATE DATABASE conflicted")
        // Same shard group as the archived floats (times 1…9), other type: the server refuses them.
        try server.write("conflicted", Array("floats v=\"text\" 100\n".utf8))
        let out = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", server.url, "-i", archive, "--database-map", "\(Self.db)=conflicted",
                "--retention", "autogen", "-m", "floats", "-m", "ints", "-q", "--batch-size", "2",
            ])
        XCTAssertEqual(out.status, 1, out.stderr)
        XCTAssertTrue(out.stderr.contains("field type conflict"), out.stderr)
        XCTAssertTrue(out.stderr.contains("dropped=9"), out.stderr)
        XCTAssertEqual(
            out.stderr.components(separatedBy: "server refused points").count - 1, 1,
            "one line for the segment, not one per batch: \(out.stderr)")
        XCTAssertTrue(
            out.stderr.hasSuffix("influxdump: the server refused 9 point(s) in 1 segment(s); see the lines above for the reasons\n"),
            out.stderr)
        XCTAssertEqual(try count(server, "conflicted", "ints"), 5, "the other measurement was still written")
    }

    func testFiltersRestoreExactlyTheAskedPoints() throws {
        let (server, archive) = try fixture()
        let out = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", server.url, "-i", archive, "-d", "filtered",
                "-m", "strs", "--start", "3", "--end", "8", "--log-level", "warning",
            ])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try count(server, "filtered", "strs"), 5)  // times 3, 4, 5, 6, 7
        XCTAssertEqual(try count(server, "filtered", "ints"), 0)
        XCTAssertTrue(out.stderr.contains("points outside --start/--end"), out.stderr)
    }

    func testRestoringTwiceIsIdempotent() throws {
        let (server, archive) = try fixture()
        for _ in 0..<2 {
            let out = try Shell.run(TestServer.executable, ["restore", "--host", server.url, "-i", archive, "-d", "twice", "-q"])
            XCTAssertEqual(out.status, 0, out.stderr)
        }
        let result = try DatabaseComparator(
            source: server.client(), sourceDB: Self.db, destination: server.client(), destinationDB: "twice"
        ).compare()
        XCTAssertEqual(result.differences.map(\.what), [])
    }

    func testTwoConcurrentRestoresOfOneArchiveAreSafeAndSaySo() throws {
        let (server, archive) = try fixture()
        let args = ["restore", "--host", server.url, "-i", archive, "-d", "concurrent", "-q", "-j", "1", "--batch-size", "10"]
        let first = try Shell.spawn(TestServer.executable, args, environment: nil, stdinFD: nil, stdoutFD: nil, closeInChild: [])
        Thread.sleep(forTimeInterval: 0.2)
        let second = try Shell.run(TestServer.executable, args)
        let firstOut = Shell.drain(first.outputs)
        XCTAssertEqual(Shell.wait(first.pid), 0, String(decoding: firstOut[1], as: UTF8.self))
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(
            second.stderr.contains(
                "another restore of \(archive) into this destination is running; both are safe because writes are idempotent")
                || String(decoding: firstOut[1], as: UTF8.self).contains("another restore"), second.stderr)
        let diff = try DatabaseComparator(
            source: server.client(), sourceDB: Self.db, destination: server.client(), destinationDB: "concurrent"
        ).compare()
        XCTAssertEqual(diff.differences.map(\.what), [])
    }

    func testDatabaseFlagNeedsAOneDatabaseArchive() throws {
        let (server, archive) = try fixture()
        let out = try Shell.run(TestServer.executable, ["restore", "--host", server.url, "-i", archive, "--database-map", "nosuch=x"])
        XCTAssertEqual(out.status, 2)
        XCTAssertEqual(out.stderr, "influxdump: --database-map names nosuch, which is not in the archive\n")
    }
}
