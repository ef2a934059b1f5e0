import Foundation
import InfluxDump
import XCTest

/// The query shapes (`SELECT *` with and without `GROUP BY *`) against the real server: the same
/// points either way, and a window whose names change after planning queried again.
extension RoundTripTests {
    func testBothQueryShapesRestoreIdentically() throws {
        let server = try liveServer()
        var shapes: [QueryShapeOption: Set<Manifest.QueryShape?>] = [:]
        for option in QueryShapeOption.allCases {
            let dir = try temporaryDirectory() + "/archive"
            var options = DumpOptions(source: ClientConfiguration(baseURL: server.url))
            options.databases = [Self.db]
            options.queryShape = option
            let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir), logger: logger).run()
            XCTAssertEqual(manifest.findings, [], "\(option)")
            shapes[option] = Set(manifest.segments.map(\.query))
            XCTAssertEqual(try ArchiveVerifier(root: dir).run().findings.map(\.description), [], "\(option)")
            var restore = RestoreOptions(destination: ClientConfiguration(baseURL: server.url))
            restore.databaseMap = [Self.db: "copy_shape_\(option)"]
            let restored = try Restorer(options: restore, logger: logger).run(source: try StoredArchiveReader(root: dir))
            XCTAssertEqual(restored.refusals, [], "\(option)")
            try assertIdentical(server, "copy_shape_\(option)")
        }
        XCTAssertEqual(shapes[.series], [.series])
        // The nasty dataset has names that are only unambiguous with GROUP BY * (a tag key equal
        // to a field key), and first shard groups that are always queried with it.
        XCTAssertEqual(shapes[.auto], [.series, .time])
    }

    /// A field key equal to a tag key, written after the field keys were read: the server renames
    /// the tag column to `host_1`, which is not a planned name, so the window is queried again
    /// with GROUP BY * and nothing is guessed.
    func testANameWrittenAfterPlanningMakesTheWindowUseGroupBy() throws {
        let server = try liveServer()
        let db = "late_names"
        try server.execute("CREATE DATABASE \(db)")
        try server.write(db, Array("late,host=a v=1 1000000000\n".utf8))
        let dir = try temporaryDirectory() + "/archive"
        var options = DumpOptions(source: ClientConfiguration(baseURL: server.url))
        options.databases = [db]
        let wrote = Locked(false)
        let url = server.url
        options.startOf = { _ in
            // Called after the field keys are read and before the tag keys are.
            try wrote.with { done in
                if !done {
                    try Array("late v=2,host=\"f\" 2000000000\n".utf8).withUnsafeBytes {
                        try InfluxClient(config: ClientConfiguration(baseURL: url)).write(database: db, retentionPolicy: nil, body: $0)
                    }
                }
                done = true
            }
            return nil
        }
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir), logger: logger).run()
        XCTAssertTrue(wrote.snapshot)
        XCTAssertEqual(manifest.segments.map(\.query), [.series])
        let lines = try manifest.segments.flatMap { s in
            try Shell.run("/usr/bin/env", ["zstd", "-dc", dir + "/" + s.path]).stdout.split(separator: "\n").map(String.init)
        }
        XCTAssertEqual(lines.sorted(), ["late host=\"f\",v=2.0 2000000000", "late,host=a v=1.0 1000000000"])
    }
}
