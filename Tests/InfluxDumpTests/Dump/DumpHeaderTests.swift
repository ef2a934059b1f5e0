import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import InfluxAPI
@testable import LineProtocol
@testable import Schema

/// The manifest header a dump begins with, new or resumed from its journal.
final class DumpHeaderTests: XCTestCase {
    let cpu = MeasurementKey(database: "db", retentionPolicy: "autogen", measurement: "cpu")

    var schema: ServerSchema {
        ServerSchema(
            serverVersion: "1.8.10",
            databases: [
                .init(
                    name: "db",
                    retentionPolicies: [
                        .init(
                            name: "autogen", duration: 0, shardGroupDuration: 100, replicaN: 1, isDefault: true,
                            measurements: ["mem": ["f": [.float]], "cpu": ["v": [.integer]]],
                            shardGroups: [ShardGroupWindow(id: 1, start: 0, end: 100, brokenStart: false)])
                    ],
                    continuousQueries: [])
            ],
            notes: [Manifest.continuousQueriesNotSaved])
    }

    var tasks: [DumpTask] {
        ["cpu", "mem"].enumerated().map {
            DumpTask(index: $0, database: "db", retentionPolicy: "autogen", measurement: $1, start: 0, end: 100, unboundedAbove: false)
        }
    }

    func options(job: String?) -> DumpOptions {
        var o = DumpOptions(source: ClientConfiguration(baseURL: "http://user:secret@db:8086"))
        o.databases = ["db"]
        o.compressionLevel = 7
        o.segmentSize = 1 << 20
        o.job = job
        o.inheritedWatermarks = [cpu: 42]
        return o
    }

    func testANewHeaderRecordsThePlanTheSchemaAndWhatWasNotSaved() throws {
        let started = Date(timeIntervalSince1970: 1_800_000_000.7)
        let header = DumpHeader(
            schema: schema, tasks: tasks, options: options(job: nil), serverVersion: "1.8.10", startedAt: started, users: nil)
        let m = header.manifest
        XCTAssertFalse(m.complete)
        XCTAssertEqual(m.createdAt, "2027-01-15T08:00:00Z", "whole seconds")
        XCTAssertEqual(m.server.version, "1.8.10")
        XCTAssertFalse(m.server.url.contains("secret"), m.server.url)
        XCTAssertEqual(m.parameters.compressionLevel, 7)
        XCTAssertEqual(m.parameters.segmentSize, 1 << 20)
        XCTAssertNil(m.parameters.fieldsLeftOut)
        XCTAssertEqual(m.databases.first?.retentionPolicies.first?.measurements.map(\.name), ["cpu", "mem"], "sorted")
        XCTAssertEqual(m.windows?.map(\.measurement), ["cpu", "mem"])
        XCTAssertEqual(m.notes, [Manifest.continuousQueriesNotSaved, Manifest.usersNotSaved])
        XCTAssertNil(m.users)
        XCTAssertNil(m.watermarks, "only a job's dump records watermarks")
        XCTAssertEqual(header.pending, [0, 1])
    }

    func testAJobsHeaderCarriesTheInheritedWatermarksForAResumeToReadBack() {
        var o = options(job: "nightly")
        o.obsoleteAfter = 86_400_000_000_000
        let header = DumpHeader(schema: schema, tasks: tasks, options: o, serverVersion: "1.8.10", startedAt: Date(), users: [])
        XCTAssertEqual(header.manifest.watermarks, [.init(database: "db", retentionPolicy: "autogen", measurement: "cpu", time: 42)])
        XCTAssertEqual(header.manifest.parameters.fieldsLeftOut, true, "obsolete fields may be left out")
        XCTAssertEqual(header.manifest.users, [])
        XCTAssertEqual(header.manifest.notes, [Manifest.continuousQueriesNotSaved])
    }

    /// A resumed dump takes the interrupted one's plan, file settings and watermarks from the
    /// journal, whatever its own options say, and runs only the queries not saved.
    func testAResumedHeaderComesFromTheJournal() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let first = DumpHeader(
            schema: schema, tasks: tasks, options: options(job: "nightly"), serverVersion: "1.8.10", startedAt: Date(), users: nil)
        let writer = try DirectoryArchiveWriter(root: dir.file("a"))
        try writer.begin(header: first.manifest, tasks: first.tasks)
        try writer.queryCompleted(1, saved: SavedQuery(segments: [], findings: ["p": 3], pointsWithoutFields: 2))
        writer.releaseLock()
        let state = try XCTUnwrap(try DirectoryArchiveWriter(root: dir.file("a"), resume: true).resumeState)

        var other = DumpOptions(source: ClientConfiguration(baseURL: "http://db:8086"))
        other.compressionLevel = 19
        other.segmentSize = 5
        other.segmentPoints = 9
        let header = try DumpHeader(resuming: state, options: other)
        XCTAssertEqual(header.tasks, first.tasks)
        XCTAssertEqual(header.pending, [0])
        XCTAssertEqual(header.saved[1]?.findings, ["p": 3])
        XCTAssertEqual(header.saved[1]?.pointsWithoutFields, 2)
        XCTAssertEqual(header.options.compressionLevel, 7)
        XCTAssertEqual(header.options.segmentSize, 1 << 20)
        XCTAssertEqual(header.options.segmentPoints, first.options.segmentPoints)
        XCTAssertEqual(header.options.inheritedWatermarks, [cpu: 42])
        XCTAssertEqual(header.manifest.createdAt, first.manifest.createdAt)
    }
}
