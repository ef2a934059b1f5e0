import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import InfluxAPI
@testable import LineProtocol

final class DumperTests: XCTestCase {
    /// The encoder and the segment writer of a query attempt refer to each other; once the
    /// attempt is over both must be freed (a cycle kept every attempt's encoder, and its series
    /// hashes, until the dump ended). While they live, the writer gets the encoder's field types.
    func testAnAttemptsEncoderAndWriterAreFreedAfterUse() throws {
        let tmp = try TempDirectory()
        defer { tmp.remove() }
        let archive = try DirectoryArchiveWriter(root: tmp.file("archive"))
        let task = DumpTask(
            index: 0, database: "db", retentionPolicy: "autogen", measurement: "m", start: 0, end: 100, unboundedAbove: false)
        weak var weakEncoder: LineProtocolEncoder?
        weak var weakWriter: RollingSegmentWriter?
        var segments: [Manifest.Segment] = []
        try {
            let writer = RollingSegmentWriter(task: task, attempt: 0, sink: archive, level: 1, segmentSize: 1 << 20, segmentPoints: 1_000)
            let encoder = DumpQuery.encoder(
                for: task, writingTo: writer, options: DumpOptions(source: ClientConfiguration(baseURL: "http://h:1")))
            weakEncoder = encoder
            weakWriter = writer
            try drive(encoder, name: u8("m"), tags: [], columns: [u8("time"), u8("v")], rows: [(1, [.int(5)]), (2, [.float(0.5)])])
            segments = try writer.finish()
        }()
        XCTAssertEqual(segments.map(\.points), [2])
        XCTAssertEqual(segments.first?.fields, ["v": [.float, .integer]])
        XCTAssertNil(weakEncoder, "the encoder outlived its attempt")
        XCTAssertNil(weakWriter, "the segment writer outlived its attempt")
    }
}
