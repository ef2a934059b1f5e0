import Foundation
import XCTest

@testable import ArchiveFormat
@testable import InfluxAPI
@testable import LineProtocol
@testable import Support

// Shared helpers of the InfluxDumpTests target (no XCTestCase here).

/// The UTF-8 bytes of a string literal.
func u8(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Bytes shown as text for failure messages (invalid UTF-8 becomes U+FFFD).
func show(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self).debugDescription }

/// A directory under the system temporary directory, unique per test.
final class TempDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

func readBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Collects the points a `PointSink` receives.
final class RecordingPointSink: PointSink {
    var lines: [[UInt8]] = []
    var times: [Int64] = []
    func writePoint(_ line: UnsafeRawBufferPointer, time: Int64) throws {
        lines.append(Array(line))
        times.append(time)
    }
    var text: String { String(decoding: lines.joined(), as: UTF8.self) }
}

/// A cell of a query row, as the encoder receives it (string bytes live in a `MsgPackReader`).
enum TestCell {
    case null
    case int(Int64)
    case float(Double)
    case string([UInt8])
    case bool(Bool)
    case bigUInt(UInt64)
    case binary([UInt8])
}

/// Drives a `QueryEventSink` the way `QueryResponseParser` does: beginSeries, then per row one
/// `cell` per column (column 0 = time) and `endRow`.
func drive(
    _ sink: QueryEventSink, name: [UInt8], tags: [(key: [UInt8], value: [UInt8])], columns: [[UInt8]],
    rows: [(time: Int64, cells: [TestCell])]
) throws {
    try sink.beginSeries(name: name, tags: tags, columns: columns)
    for row in rows {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        try sink.cell(column: 0, token: .int(row.time), bytes: empty)
        for (i, c) in row.cells.enumerated() {
            switch c {
            case .null: try sink.cell(column: i + 1, token: .null, bytes: empty)
            case .int(let v): try sink.cell(column: i + 1, token: .int(v), bytes: empty)
            case .float(let v): try sink.cell(column: i + 1, token: .float(v), bytes: empty)
            case .bool(let v): try sink.cell(column: i + 1, token: .bool(v), bytes: empty)
            case .bigUInt(let v): try sink.cell(column: i + 1, token: .bigUInt(v), bytes: empty)
            case .string(let b):
                // Put some unrelated bytes first so the range does not start at 0.
                try ([0xAA, 0xBB] + b + [0xCC]).withUnsafeBytes {
                    try sink.cell(column: i + 1, token: .string(2..<(2 + b.count)), bytes: $0)
                }
            case .binary(let b):
                try b.withUnsafeBytes { try sink.cell(column: i + 1, token: .binary(0..<b.count), bytes: $0) }
            }
        }
        try sink.endRow()
    }
}

enum Fixtures {
    static func segment(
        path: String, measurement: String = "cpu", windowStart: Int64 = 0, windowEnd: Int64 = 1_000,
        stats: SegmentWriter.Stats, part: Int = 0
    ) -> Manifest.Segment {
        Manifest.Segment(
            path: path, database: "db", retentionPolicy: "autogen", measurement: measurement,
            windowStart: windowStart, windowEnd: windowEnd, part: part, points: stats.points,
            minTime: stats.minTime, maxTime: stats.maxTime, rawBytes: stats.rawBytes,
            compressedBytes: stats.compressedBytes, sha256: stats.sha256, fields: ["f": [.float]])
    }

    static func manifest(complete: Bool, segments: [Manifest.Segment]) -> Manifest {
        Manifest(
            complete: complete, tool: .init(name: "influxdump", version: "0.1.0"),
            server: .init(url: "http://127.0.0.1:8086", version: "1.6.7~rc0"),
            createdAt: "2026-11-21T00:00:00Z", finishedAt: complete ? "2026-11-21T00:01:00Z" : nil,
            parameters: .init(
                databases: ["db"], retentionPolicies: [], measurements: [], start: nil, end: nil,
                chunk: nil, compressionLevel: 3, segmentSize: 64 << 20, segmentPoints: 500_000),
            databases: [
                .init(
                    name: "db",
                    retentionPolicies: [
                        .init(
                            name: "autogen", duration: 0, shardGroupDuration: 604_800_000_000_000, replicaN: 1, isDefault: true,
                            shardGroups: [.init(id: 1, start: .min, end: .max)],
                            measurements: [.init(name: "cpu", fields: ["f": [.float]])])
                    ],
                    continuousQueries: [])
            ],
            segments: segments, findings: [])
    }

    /// Compresses `points` into one segment through `SegmentWriter` into `sink`.
    static func writeSegment(_ points: [(line: String, time: Int64)], to sink: ByteSink, level: Int32 = 3) throws -> SegmentWriter.Stats {
        let writer = try SegmentWriter(destination: sink, compressionLevel: level)
        for p in points {
            try Array(p.line.utf8).withUnsafeBytes { try writer.writePoint($0, time: p.time) }
        }
        return try writer.finish()
    }
}

/// A seeded generator (SplitMix64), so a failing random test can be repeated.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
