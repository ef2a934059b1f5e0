import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Metrics
@testable import Restore

final class RunMetricsTests: XCTestCase {
    static let finished = Date(timeIntervalSince1970: 1_000)

    func segment(_ db: String, points: Int64, raw: Int64, compressed: Int64) -> Manifest.Segment {
        Manifest.Segment(
            path: "segments/\(db)-\(points)", database: db, retentionPolicy: "autogen", measurement: "cpu", windowStart: 0,
            windowEnd: 1, part: 0, points: points, minTime: 0, maxTime: 0, rawBytes: raw, compressedBytes: compressed,
            sha256: "", fields: [:])
    }

    func testDumpIsOneValuePerDatabase() {
        var manifest = Fixtures.manifest(
            complete: true,
            segments: [
                segment("db", points: 10, raw: 100, compressed: 20), segment("db", points: 5, raw: 50, compressed: 9),
                segment("other", points: 1, raw: 7, compressed: 3),
            ])
        manifest.job = "nightly"
        manifest.databases.append(.init(name: "empty", retentionPolicies: [], continuousQueries: []))
        let runs = RunMetrics.dump(manifest, seconds: 2, operation: .job, finishedAt: Self.finished)
        XCTAssertEqual(
            runs,
            [
                RunMetrics(
                    operation: .job, job: "nightly", database: "db", seconds: 2, points: 15, rawBytes: 150, compressedBytes: 29,
                    segments: 2,
                    succeeded: true, finishedAt: Self.finished),
                RunMetrics(operation: .job, job: "nightly", database: "empty", seconds: 2, succeeded: true, finishedAt: Self.finished),
                RunMetrics(
                    operation: .job, job: "nightly", database: "other", seconds: 2, points: 1, rawBytes: 7, compressedBytes: 3, segments: 1,
                    succeeded: true, finishedAt: Self.finished),
            ])
    }

    func testRestoreUsesThePerDatabaseTotals() {
        var report = RestoreReport()
        report.byDatabase["b"] = .init(segments: 2, points: 30, bytes: 300, compressedBytes: 40)
        report.byDatabase["c"] = .init(segments: 1, points: 1, bytes: 10, compressedBytes: 5)
        let runs = RunMetrics.restore(report, databases: ["a", "b"], seconds: 4, succeeded: false, finishedAt: Self.finished)
        XCTAssertEqual(runs.map(\.database), ["a", "b", "c"])
        XCTAssertEqual(runs.map(\.points), [0, 30, 1])
        XCTAssertEqual(runs.map(\.rawBytes), [0, 300, 10])
        XCTAssertEqual(runs.map(\.compressedBytes), [0, 40, 5])
        XCTAssertEqual(runs.map(\.segments), [0, 2, 1])
        XCTAssertTrue(runs.allSatisfy { $0.operation == .restore && !$0.succeeded && $0.jobLabel == "influxdump" })
        XCTAssertEqual(RunMetrics.restore(RestoreReport(), databases: [], seconds: 1, finishedAt: Self.finished).map(\.database), [""])
    }

    func testFailureWithoutDatabasesStillReports() {
        let runs = RunMetrics.failure(.dump, job: nil, databases: [], seconds: 1, finishedAt: Self.finished)
        XCTAssertEqual(
            runs, [RunMetrics(operation: .dump, job: nil, database: "", seconds: 1, succeeded: false, finishedAt: Self.finished)])
    }
}
