import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Dump
@testable import Support

final class StreamFormatTests: XCTestCase {
    private var tmp: TempDirectory!

    override func setUpWithError() throws { tmp = try TempDirectory() }
    override func tearDown() { tmp.remove() }

    private struct Written {
        var bytes: [UInt8]
        var header: Manifest
        var trailer: Manifest
        var bodies: [String: [UInt8]]
        /// Offsets where each record starts, and the end.
        var recordStarts: [Int]
    }

    private func writeStream() throws -> Written {
        let path = tmp.file("stream.bin")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let writer = try StreamArchiveWriter(fileDescriptor: fd)
        let header = Fixtures.manifest(complete: false, segments: [])
        try writer.begin(header: header, tasks: [DumpTask]())
        var records: [Manifest.Segment] = []
        var bodies: [String: [UInt8]] = [:]
        let parts: [[(String, Int64)]] = [
            [("cpu f=1.0 1\n", 1), ("cpu f=2.0 2\n", 2)],
            [("cpu s=\"a\nb\" 10\n", 10)],
            (0..<200).map { ("cpu,host=h\($0 % 7) f=\($0).5 \($0 * 3)\n", Int64($0 * 3)) },
        ]
        for (i, points) in parts.enumerated() {
            let p = "segments/00000\(i).0.000.lp.zst"
            let sink = try writer.openSegment(path: p)
            let stats = try Fixtures.writeSegment(points.map { (line: $0.0, time: $0.1) }, to: sink)
            let record = Fixtures.segment(path: p, stats: stats)
            try writer.commitSegment(record, sink: sink)
            records.append(record)
            bodies[p] = (sink as! MemorySink).bytes
            XCTAssertEqual(Int64(bodies[p]!.count), stats.compressedBytes)
        }
        let trailer = Fixtures.manifest(complete: true, segments: records)
        try writer.finish(manifest: trailer)
        let bytes = try readBytes(path)

        // Walk the framing by hand (formats/archive-format.md §Stream).
        XCTAssertEqual(Array(bytes[0..<8]), u8("INFXDUMP"))
        XCTAssertEqual(Array(bytes[8..<12]), [0, 0, 0, 1])
        var starts: [Int] = []
        var o = 12
        var kinds: [UInt8] = []
        while o < bytes.count {
            starts.append(o)
            kinds.append(bytes[o])
            let len = bytes[(o + 1)..<(o + 9)].reduce(0) { $0 << 8 | Int($1) }
            o += 9 + len
        }
        XCTAssertEqual(o, bytes.count)
        XCTAssertEqual(kinds, [0x48, 0x53, 0x53, 0x53, 0x45])
        XCTAssertEqual(Array(bytes[(starts[4] + 9)...]), try trailer.encoded(), "E payload is the manifest.json bytes")
        starts.append(bytes.count)
        return Written(bytes: bytes, header: header, trailer: trailer, bodies: bodies, recordStarts: starts)
    }

    /// Reads a whole stream from a file; returns the header, segments (record, bytes) and manifest.
    private func readStream(_ bytes: [UInt8]) throws -> (Manifest, [(Manifest.Segment, [UInt8])], Manifest) {
        let path = tmp.file("in-\(UUID().uuidString).bin")
        try writeBytes(path, bytes)
        let fd = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let reader = try StreamArchiveReader(fileDescriptor: fd)
        var segments: [(Manifest.Segment, [UInt8])] = []
        while let s = try reader.nextSegment() {
            let sink = MemorySink()
            try s.read(sink)
            segments.append((s.record, sink.bytes))
        }
        XCTAssertNil(try reader.nextSegment(), "nil again after the end record")
        return (reader.header, segments, try reader.finish())
    }

    func testRoundTrip() throws {
        let w = try writeStream()
        let (header, segments, manifest) = try readStream(w.bytes)
        XCTAssertEqual(header, w.header)
        XCTAssertEqual(manifest, w.trailer)
        XCTAssertEqual(segments.map(\.0), w.trailer.segments)
        for (record, body) in segments {
            XCTAssertEqual(body, w.bodies[record.path])
        }
    }

    func testStreamSegmentsDecompressToThePoints() throws {
        let w = try writeStream()
        let (_, segments, _) = try readStream(w.bytes)
        let sink = MemorySink()
        let d = try ZstdDecompressor(next: sink)
        try d.write(segments[1].1)
        try d.finish()
        XCTAssertEqual(sink.bytes, u8("cpu s=\"a\nb\" 10\n"))
    }

    private func firstError(_ bytes: [UInt8]) -> Error? {
        do { _ = try readStream(bytes); return nil } catch { return error }
    }

    func testTruncatedStreamSaysTheDumpDidNotFinish() throws {
        let w = try writeStream()
        let s = w.recordStarts
        var cuts: Set<Int> = [
            0, 1, 4, 8, 9, 10, 11, 12, 13, 20, s[1] - 1, s[1], s[1] + 5, s[1] + 9, s[1] + 20, s[2], s[3] - 3,
            s[4], s[4] + 1, s[4] + 9, s[4] + 100, w.bytes.count - 1,
        ]
        cuts.formUnion(stride(from: 0, to: w.bytes.count, by: 97))
        for cut in cuts.sorted() {
            let error = firstError(Array(w.bytes[..<cut]))
            guard case ArchiveError.stream(_, let problem)? = error else {
                XCTFail("cut at \(cut): \(String(describing: error))"); continue
            }
            XCTAssertTrue(problem.contains("the dump did not finish"), "cut at \(cut): \(problem)")
        }
    }

    func testFlippedByteInASegmentBody() throws {
        let w = try writeStream()
        let start = w.recordStarts[1]
        let metaLength = w.bytes[(start + 9)..<(start + 13)].reduce(0) { $0 << 8 | Int($1) }
        let bodyStart = start + 13 + metaLength
        let bodyEnd = w.recordStarts[2]
        for pos in [bodyStart, (bodyStart + bodyEnd) / 2, bodyEnd - 1] {
            var bytes = w.bytes
            bytes[pos] ^= 0xFF
            let error = firstError(bytes)
            guard case ArchiveError.segment(let path, let problem)? = error else {
                XCTFail("\(pos): \(String(describing: error))"); continue
            }
            XCTAssertEqual(path, "segments/000000.0.000.lp.zst")
            XCTAssertTrue(problem.contains("sha256 or size mismatch"), problem)
        }
    }

    func testRefusals() throws {
        let w = try writeStream()
        var magic = w.bytes; magic[0] = 0x58
        XCTAssertEqual(firstError(magic) as? ArchiveError, .notAStream)

        var version = w.bytes; version[11] = 2
        XCTAssertEqual(firstError(version) as? ArchiveError, .unsupportedVersion(path: "input stream", version: 2))

        var kind = w.bytes; kind[w.recordStarts[2]] = 0x58
        guard case ArchiveError.stream(let offset, let k)? = firstError(kind) else { return XCTFail() }
        XCTAssertEqual(offset, Int64(w.recordStarts[2]))
        XCTAssertTrue(k.contains("unknown record kind 0x58"), k)

        var second = w.bytes; second[w.recordStarts[2]] = 0x48  // a second H
        guard case ArchiveError.stream? = firstError(second) else { return XCTFail() }

        var huge = w.bytes; huge[w.recordStarts[1] + 4] = 0x01  // length ≥ 2^32
        guard case ArchiveError.stream(_, let h)? = firstError(huge) else { return XCTFail() }
        XCTAssertTrue(h.contains("larger than any dump writes"), h)

        // A segment record missing from the stream but listed in the end record.
        let dropped = Array(w.bytes[..<w.recordStarts[2]] + w.bytes[w.recordStarts[3]...])
        guard case ArchiveError.stream(_, let m)? = firstError(dropped) else { return XCTFail() }
        XCTAssertTrue(m.contains("end record lists 3 segments but 2 arrived"), m)
    }
}
