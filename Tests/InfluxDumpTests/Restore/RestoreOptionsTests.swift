import XCTest

@testable import ArchiveFormat
@testable import InfluxAPI
@testable import LineProtocol
@testable import Restore

final class RestoreOptionsTests: XCTestCase {
    func header(_ names: [String], destinations: [String: String]? = nil) -> Manifest {
        var m = Fixtures.manifest(complete: true, segments: [])
        m.databases = names.map { .init(name: $0, retentionPolicies: [], continuousQueries: []) }
        m.parameters.destinations = destinations
        return m
    }

    func targets(_ o: RestoreOptions, _ h: Manifest) throws -> [String] {
        try o.targets(for: h).map { "\($0.database.name)=\($0.target)" }
    }

    func testSelectionAndTargets() throws {
        var o = RestoreOptions(destination: ClientConfiguration(baseURL: "http://h:1"))
        let h = header(["alpha", "beta", "gamma"], destinations: ["gamma": "g2"])
        XCTAssertEqual(try targets(o, h), ["alpha=alpha", "beta=beta", "gamma=g2"])
        o.sourceDatabases = try NameFilter(including: ["/^(alpha|gamma)$/"])
        XCTAssertEqual(try targets(o, h), ["alpha=alpha", "gamma=g2"])
        o.databaseMap = ["alpha": "a2"]
        XCTAssertEqual(try targets(o, h), ["alpha=a2", "gamma=g2"])
        o.databaseMap = [:]
        o.database = "one"
        XCTAssertThrowsError(try targets(o, h)) { XCTAssertEqual($0 as? RestoreError, .ambiguousDatabase(["alpha", "gamma"])) }
        o.sourceDatabases = try NameFilter(including: ["beta"])
        XCTAssertEqual(try targets(o, h), ["beta=one"])
        o.sourceDatabases = try NameFilter(including: ["delta", "/^eps/"])
        XCTAssertThrowsError(try targets(o, h)) {
            XCTAssertEqual($0 as? RestoreError, .noSelectedDatabase(patterns: ["delta", "/^eps/"], archived: ["alpha", "beta", "gamma"]))
        }
        o.sourceDatabases = NameFilter()
        o.database = nil
        o.databaseMap = ["zeta": "z"]
        XCTAssertThrowsError(try targets(o, h)) { XCTAssertEqual($0 as? RestoreError, .unknownMappedDatabase("zeta")) }
    }

    func testSegmentFilters() throws {
        var o = RestoreOptions(destination: ClientConfiguration(baseURL: "http://h:1"))
        var stats = SegmentWriter.Stats(); stats.points = 1; stats.minTime = 10; stats.maxTime = 20
        let s = Fixtures.segment(path: "segments/a", measurement: "cpu_total", stats: stats)
        XCTAssertTrue(o.accepts(s))
        o.measurements = try NameFilter(including: ["/^cpu/"])
        o.retentionPolicies = try NameFilter(including: ["/gen$/"])
        XCTAssertTrue(o.accepts(s))
        o.sourceDatabases = try NameFilter(including: ["other"])
        XCTAssertFalse(o.accepts(s))
        o.sourceDatabases = NameFilter()
        o.measurements = try NameFilter(including: ["cpu"])
        XCTAssertFalse(o.accepts(s), "a plain name matches whole names only")
        o.measurements = NameFilter()
        o.start = 21
        XCTAssertFalse(o.accepts(s))
        o.start = 20
        XCTAssertTrue(o.accepts(s))
        o.end = 10
        XCTAssertFalse(o.accepts(s))
    }
}

final class RefusalReasonTests: XCTestCase {
    func testTheBatchCountIsLeftOutOfTheReason() {
        XCTAssertEqual(
            Restorer.reason(
                #"partial write: field type conflict: input field "v" on measurement "m" is type float, already exists as type string dropped=5000"#
            ),
            #"partial write: field type conflict: input field "v" on measurement "m" is type float, already exists as type string"#)
        XCTAssertEqual(
            Restorer.reason("partial write: points beyond retention policy dropped=3"), "partial write: points beyond retention policy")
        XCTAssertEqual(Restorer.reason("no count here"), "no count here")
        XCTAssertEqual(Restorer.reason("odd dropped=x1"), "odd dropped=x1")
        XCTAssertEqual(Restorer.reason("odd dropped="), "odd dropped=")
    }
}
