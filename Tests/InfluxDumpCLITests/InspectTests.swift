import Foundation
import XCTest

@testable import ArchiveFormat
@testable import InfluxDumpCLI

final class InspectTests: XCTestCase {
    func manifest(_ segments: [Manifest.Segment], parent: String? = nil, series: [String: Int64?] = [:]) -> Manifest {
        Manifest(
            complete: true, tool: .init(name: "influxdump", version: "0.1.0"), server: .init(url: "http://db:8086", version: "1.6.7"),
            createdAt: "2026-11-21T03:00:00Z",
            parameters: .init(
                databases: [], retentionPolicies: [], measurements: [], compressionLevel: 1, segmentSize: 1, segmentPoints: 1),
            databases: [
                .init(
                    name: "telegraf",
                    retentionPolicies: [
                        .init(
                            name: "autogen", duration: 0, shardGroupDuration: 1, replicaN: 1, isDefault: true, shardGroups: [],
                            measurements: series.keys.sorted().map { .init(name: $0, fields: [:], series: series[$0]!) })
                    ], continuousQueries: [])
            ],
            segments: segments, findings: [], job: parent == nil ? nil : "nightly",
            parent: parent.map { .init(path: $0, createdAt: "2026-11-20T03:00:00Z") }, watermarks: nil, pointsWithoutFields: nil)
    }

    func segment(_ path: String, _ m: String, points: Int64, min: Int64, max: Int64, raw: Int64, compressed: Int64) -> Manifest.Segment {
        .init(
            path: path, database: "telegraf", retentionPolicy: "autogen", measurement: m, windowStart: 0, windowEnd: .max, part: 0,
            points: points, minTime: min, maxTime: max, rawBytes: raw, compressedBytes: compressed,
            sha256: String(repeating: "0", count: 64), fields: [:])
    }

    func testTablePerMeasurementAcrossAChain() {
        let base = manifest(
            [
                segment("segments/000000.0.000.lp.zst", "cpu", points: 10, min: 0, max: 9_000_000_000, raw: 2048, compressed: 512),
                segment(
                    "segments/000001.0.000.lp.zst", "mem", points: 5, min: 1_000_000_000, max: 2_000_000_000, raw: 1000, compressed: 100),
            ],
            series: ["cpu": 4, "mem": 2])
        let next = manifest(
            [
                segment(
                    "segments/000000.0.000.lp.zst", "cpu", points: 3, min: 10_000_000_000, max: 12_000_000_000, raw: 600, compressed: 300)
            ],
            parent: "20261120T030000Z", series: ["cpu": 3])
        let text = InspectCommand.render(
            [LoadedArchive(path: "20261120T030000Z", manifest: base), LoadedArchive(path: "20261121T030000Z", manifest: next)],
            segments: true)
        XCTAssertEqual(
            text,
            """
            20261120T030000Z: complete, 2 segments, 15 points, written 2026-11-21T03:00:00Z by influxdump 0.1.0 from http://db:8086 (InfluxDB 1.6.7)
            20261121T030000Z: complete, 1 segments, 3 points, written 2026-11-21T03:00:00Z by influxdump 0.1.0 from http://db:8086 (InfluxDB 1.6.7), job nightly, continues 20261120T030000Z

            database  retention  measurement  segments  points  series  from                  to                    line protocol  compressed  ratio
            telegraf  autogen    cpu                 2      13     >=4  1970-01-01T00:00:00Z  1970-01-01T00:00:12Z        2.6 KiB       812 B   3.3x
            telegraf  autogen    mem                 1       5       2  1970-01-01T00:00:01Z  1970-01-01T00:00:02Z         1000 B       100 B  10.0x
            total                                    3      18                                                            3.6 KiB       912 B   4.0x

            archive           segment                       database  retention  measurement  window                       part  points  compressed
            20261120T030000Z  segments/000000.0.000.lp.zst  telegraf  autogen    cpu          [1970-01-01T00:00:00Z, end)     0      10       512 B
            20261120T030000Z  segments/000001.0.000.lp.zst  telegraf  autogen    mem          [1970-01-01T00:00:00Z, end)     0       5       100 B
            20261121T030000Z  segments/000000.0.000.lp.zst  telegraf  autogen    cpu          [1970-01-01T00:00:00Z, end)     0       3       300 B
            """)
    }

    /// An archive read from a native backup names the backup, and its notes (shards the backup lacks).
    func testAnArchiveFromABackupNamesIt() {
        var m = manifest([segment("segments/000000.0.000.lp.zst", "cpu", points: 1, min: 0, max: 0, raw: 10, compressed: 10)])
        m.source = .init(kind: Manifest.Source.portableBackup, path: "/backups/b1", takenAt: "2026-11-20T02:00:00Z")
        m.notes = ["shard 7 of telegraf/autogen (…) is in the metastore but not in the backup: its points are not in this archive"]
        let text = InspectCommand.render([LoadedArchive(path: "a", manifest: m)], segments: false)
        XCTAssertEqual(
            text.split(separator: "\n").prefix(2).map(String.init),
            [
                "a: complete, 1 segments, 1 points, written 2026-11-21T03:00:00Z by influxdump 0.1.0 from the influxd backup -portable /backups/b1 taken 2026-11-20T02:00:00Z",
                "  note: shard 7 of telegraf/autogen (…) is in the metastore but not in the backup: its points are not in this archive",
            ])
    }

    func testSeriesUnknownWhenNotCounted() {
        let resumed = manifest(
            [segment("segments/000000.0.000.lp.zst", "cpu", points: 1, min: 0, max: 0, raw: 10, compressed: 10)],
            series: ["cpu": Int64?.none])
        let rows = InspectCommand.rows([LoadedArchive(path: "a", manifest: resumed)])
        XCTAssertEqual(rows.count, 1)
        XCTAssertNil(rows[0].series, "a resumed dump did not count series: shown as -, not 0")
        let counted = manifest(
            [segment("segments/000000.0.000.lp.zst", "cpu", points: 1, min: 0, max: 0, raw: 10, compressed: 10)], series: ["cpu": 7])
        XCTAssertEqual(InspectCommand.rows([LoadedArchive(path: "b", manifest: counted)])[0].series, 7)
        XCTAssertFalse(InspectCommand.rows([LoadedArchive(path: "b", manifest: counted)])[0].seriesIsLowerBound, "one archive: exact")
        XCTAssertNil(
            InspectCommand.rows([LoadedArchive(path: "a", manifest: resumed), LoadedArchive(path: "b", manifest: counted)])[0].series,
            "a chain with an uncounted link")
    }

    /// A HyperLogLog count (past the dump's exact budget) is shown as `~N`, in a chain too.
    func testAnEstimatedCountIsShownWithATilde() {
        var estimated = manifest(
            [segment("segments/000000.0.000.lp.zst", "cpu", points: 1, min: 0, max: 0, raw: 10, compressed: 10)],
            series: ["cpu": 1_000_123])
        estimated.databases[0].retentionPolicies[0].measurements[0].seriesEstimated = true
        let exact = manifest(
            [segment("segments/000000.0.000.lp.zst", "cpu", points: 1, min: 0, max: 0, raw: 10, compressed: 10)], series: ["cpu": 7])
        XCTAssertTrue(InspectCommand.render([LoadedArchive(path: "a", manifest: estimated)], segments: false).contains(" ~1000123 "))
        let chain = InspectCommand.render(
            [LoadedArchive(path: "a", manifest: exact), LoadedArchive(path: "b", manifest: estimated)], segments: false)
        XCTAssertTrue(chain.contains(" >=~1000123 "), chain)
        XCTAssertFalse(InspectCommand.render([LoadedArchive(path: "a", manifest: exact)], segments: false).contains("~"))
    }
}
