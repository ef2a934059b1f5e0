import Foundation
import InfluxDump
import Logging
import XCTest

/// Dump and restore a database of nasty cases against a real influxd, through a directory and
/// through the pipe, and compare source and copy point for point with exact types.
final class RoundTripTests: SharedServerTestCase {
    static let db = "nasty db \"ü\""
    static let ambiguousDB = "ambiguous"
    override class var workName: String { "rt" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try NastyDataset.load(into: s, database: db)
        try NastyDataset.loadAmbiguous(into: s, database: ambiguousDB)
        // After a restart 1.6.7 shows the 1677 shard group with start > end (API facts §11).
        try s.restart()
        return []
    }

    var logger: Logger {
        var l = Logger(label: "test")
        l.logLevel = .warning
        return l
    }

    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-rt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func assertIdentical(_ server: TestServer, _ copy: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try DatabaseComparator(source: server.client(), sourceDB: Self.db, destination: server.client(), destinationDB: copy)
            .compare()
        XCTAssertEqual(result.differences.map(\.what), [], file: file, line: line)
        XCTAssertGreaterThan(result.points, 25_000, "the comparison saw too few points to mean anything", file: file, line: line)
    }

    func dumpToDirectory(_ server: TestServer) throws -> (String, Manifest) {
        let dir = try temporaryDirectory() + "/archive"
        var options = DumpOptions(source: ClientConfiguration(baseURL: server.url))
        options.databases = [Self.db]
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir), logger: logger).run()
        return (dir, manifest)
    }

    func testFirstShardGroupIsShownWithStartAfterEnd() throws {
        // Guards the premise of the next tests: the server really is in the state that breaks
        // bounded queries over the first shard group.
        let server = try liveServer()
        let rows = SchemaDiscovery.rows(try server.client().queryValues("SHOW SHARDS"))
        let broken = rows.filter { row in
            guard SchemaDiscovery.column("database", row)?.stringValue == Self.db,
                let s = Timestamp.parseClamped(SchemaDiscovery.column("start_time", row)?.stringValue ?? ""),
                let e = Timestamp.parseClamped(SchemaDiscovery.column("end_time", row)?.stringValue ?? "")
            else { return false }
            return s > e
        }
        XCTAssertFalse(broken.isEmpty, "expected a shard group with start after end after the restart")
    }

    func testDirectoryRoundTripIsIdentical() throws {
        let server = try liveServer()
        let (dir, manifest) = try dumpToDirectory(server)
        XCTAssertTrue(manifest.complete)
        XCTAssertEqual(manifest.findings, [])
        XCTAssertEqual(
            manifest.databases.first?.retentionPolicies.map(\.name).sorted(), ["autogen", NastyDataset.hourRP, NastyDataset.oddRP].sorted())
        // The conflicting field is recorded with one type per shard window.
        let conflictTypes = Set(manifest.segments.filter { $0.measurement == "conflict" }.compactMap { $0.fields["f"] })
        XCTAssertEqual(conflictTypes, [[.integer], [.float], [.string], [.boolean]])
        // Points at both ends of the int64 range were saved.
        XCTAssertTrue(manifest.segments.contains { $0.minTime == Timestamp.minNano })
        XCTAssertTrue(manifest.segments.contains { $0.maxTime == Timestamp.maxNano })

        let report = try ArchiveVerifier(root: dir).run()
        XCTAssertEqual(report.findings.map(\.description), [])
        // The manifest the code writes is the one formats/manifest.schema.json describes.
        let schema = TestServer.repositoryRoot + "/formats/manifest.schema.json"
        let check = try Shell.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                dir + "/manifest.json", schema,
            ])
        XCTAssertEqual(check.status, 0, check.stderr)

        var options = RestoreOptions(destination: ClientConfiguration(baseURL: server.url))
        options.databaseMap = [Self.db: "copy_dir"]
        let restored = try Restorer(options: options, logger: logger).run(source: try StoredArchiveReader(root: dir))
        XCTAssertEqual(restored.refusals, [])
        XCTAssertEqual(restored.points, manifest.totalPoints)
        try assertIdentical(server, "copy_dir")
    }

    func testPipeRoundTripIsIdentical() throws {
        let server = try liveServer()
        let exe = TestServer.executable
        let (dump, restore) = try Shell.pipe(
            (exe, ["dump", "--host", server.url, "-d", Self.db, "-o", "-", "-q", "--segment-size", "1"]),
            (exe, ["restore", "--host", server.url, "-i", "-", "--database-map", "\(Self.db)=copy_pipe", "-q"]))
        XCTAssertEqual(dump.status, 0, dump.stderr)
        XCTAssertEqual(restore.status, 0, restore.stderr)
        try assertIdentical(server, "copy_pipe")
    }

    func testTamperedSegmentIsFoundByVerifyAndRefusedByRestore() throws {
        let server = try liveServer()
        let dir = try temporaryDirectory() + "/strs"
        let exe = TestServer.executable
        let dump = try Shell.run(exe, ["dump", "--host", server.url, "-d", Self.db, "--measurement", "strs", "-o", dir, "-q"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let manifest = try StoredArchiveReader.loadManifest(root: dir)
        let segment = try XCTUnwrap(manifest.segments.first)
        let path = dir + "/" + segment.path
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))

        let verify = try Shell.run(exe, ["verify", dir])
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stdout.contains("\(segment.path): checksum:"), verify.stdout)

        let restore = try Shell.run(exe, ["restore", "--host", server.url, "-i", dir, "-d", "tampered", "-q", "-j", "1"])
        XCTAssertEqual(restore.status, 1, restore.stderr)
        XCTAssertTrue(restore.stderr.contains("segment \(segment.path): sha256 mismatch"), restore.stderr)
        XCTAssertEqual(restore.stderr.split(separator: "\n").count, 1, "one line: \(restore.stderr)")
        let rows = SchemaDiscovery.rows(
            try server.client().queryValues("SELECT count(*) FROM \"tampered\"..\"strs\"", database: "tampered"))
        XCTAssertTrue(rows.isEmpty, "no point of a tampered segment may be written")
    }

    func testFirstShardGroupWithSeveralFieldTypesIsReportedNotGuessed() throws {
        let server = try liveServer()
        let dir = try temporaryDirectory() + "/amb"
        var options = DumpOptions(source: ClientConfiguration(baseURL: server.url))
        options.databases = [Self.ambiguousDB]
        XCTAssertThrowsError(try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir), logger: logger).run()) { error in
            XCTAssertEqual(error as? DumpError, .unrepresentable(count: 2))
        }
        let manifest = try StoredArchiveReader.loadManifest(root: dir)
        XCTAssertEqual(manifest.findings.count, 2, "\(manifest.findings)")
        XCTAssertTrue(
            manifest.findings.contains { $0.hasPrefix("ambiguous/autogen/amb: field v has types float, integer") }, "\(manifest.findings)")
        // The string never came back from the server: still a finding, not a silent loss.
        XCTAssertTrue(
            manifest.findings.contains {
                $0.hasPrefix("ambiguous/autogen/amb2: field s: string values in the first shard group")
                    && $0.hasSuffix("(1 point(s) affected)")
            },
            "\(manifest.findings)")
        // The single-typed measurement in the same group is saved without complaint.
        XCTAssertTrue(manifest.segments.contains { $0.measurement == "plain" && $0.minTime == Timestamp.minNano })

        // From the command line: exit 1, and --json still describes the archive it published.
        let cli = try Shell.run(
            TestServer.executable, ["dump", "--host", server.url, "-d", Self.ambiguousDB, "-o", dir + "-cli", "-q", "--json"])
        XCTAssertEqual(cli.status, 1, cli.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: cli.stdoutBytes) as? [String: Any])
        let result = try XCTUnwrap(object["result"] as? [String: Any], "the published archive is described: \(cli.stdout)")
        XCTAssertEqual((result["findings"] as? [String])?.count, 2)
        XCTAssertEqual(result["points"] as? Int, Int(manifest.totalPoints))
        XCTAssertTrue((object["error"] as? String)?.isEmpty == false)
    }

    func testComparatorSeesAnExtraPointAndAChangedFloat() throws {
        // The comparator must be able to fail: restore, then damage the copy two ways.
        let server = try liveServer()
        let (dir, _) = try dumpToDirectory(server)
        var options = RestoreOptions(destination: ClientConfiguration(baseURL: server.url))
        options.databaseMap = [Self.db: "copy_damaged"]
        _ = try Restorer(options: options, logger: logger).run(source: try StoredArchiveReader(root: dir))
        try server.write("copy_damaged", Array("floats v=-0.0 1\n".utf8))  // was 2.0: same shard, same type
        try server.write("copy_damaged", Array("strs s=\"extra\" 11\n".utf8))
        let result = try DatabaseComparator(
            source: server.client(), sourceDB: Self.db, destination: server.client(), destinationDB: "copy_damaged"
        ).compare()
        XCTAssertEqual(result.differences.count, 2, result.differences.map(\.what).joined(separator: "\n"))
    }
}
