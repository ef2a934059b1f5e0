import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Support

/// The in-memory channel between a live copy's dump and its restore.
final class LiveCopyChannelTests: XCTestCase {
    struct Stop: Error, Equatable {}

    var header: Manifest {
        var m = Fixtures.manifest(complete: false, segments: [])
        m.createdAt = "2026-12-01T00:00:00Z"
        return m
    }

    /// Writes `bytes` as segment `path` through the dump side; returns its record.
    @discardableResult
    static func commit(_ channel: LiveCopyChannel, _ path: String, _ bytes: [UInt8], sha256: String? = nil) throws -> Manifest.Segment {
        let sink = try channel.openSegment(path: path)
        try bytes.withUnsafeBytes { try sink.write($0) }
        var stats = SegmentWriter.Stats()
        stats.points = 1
        stats.compressedBytes = Int64(bytes.count)
        stats.sha256 = sha256 ?? HashingSink.hash(bytes)
        let record = Fixtures.segment(path: path, stats: stats)
        try channel.commitSegment(record, sink: sink)
        return record
    }

    func read(_ segment: LoadedSegment?) throws -> [UInt8] {
        let sink = MemorySink()
        try XCTUnwrap(segment).read(sink)
        return sink.bytes
    }

    /// Polls `condition` for up to two seconds.
    func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<200 where !condition() { Thread.sleep(forTimeInterval: 0.01) }
        return condition()
    }

    func testSegmentsArriveInOrderThenTheManifest() throws {
        let channel = LiveCopyChannel(capacity: 4)
        try channel.begin(header: header, tasks: [Int]())
        XCTAssertTrue(channel.publishesEagerly, "segments live in memory until the restore takes them")
        let records = try ["a", "b", "c"].map { try Self.commit(channel, "segments/\($0)", u8("bytes of \($0)")) }
        var final = Fixtures.manifest(complete: true, segments: records)
        final.createdAt = header.createdAt
        try channel.finish(manifest: final)

        XCTAssertEqual(channel.header, header)
        for (record, name) in zip(records, ["a", "b", "c"]) {
            let segment = try channel.nextSegment()
            XCTAssertEqual(segment?.record, record)
            XCTAssertEqual(try read(segment), u8("bytes of \(name)"))
        }
        XCTAssertNil(try channel.nextSegment())
        XCTAssertEqual(try channel.finish(), final)
        XCTAssertNil(channel.failed)
    }

    func testHeaderWaitsForTheDumpToBegin() throws {
        let channel = LiveCopyChannel()
        let expected = header
        Thread {
            Thread.sleep(forTimeInterval: 0.1)
            try? channel.begin(header: expected, tasks: [Int]())
        }.start()
        XCTAssertEqual(channel.header.createdAt, expected.createdAt)
    }

    func testQueueHoldsAtMostCapacitySegments() throws {
        let channel = LiveCopyChannel(capacity: 2)
        try channel.begin(header: header, tasks: [Int]())
        let committed = Locked(0)
        Thread {
            for i in 0..<4 {
                do { try Self.commit(channel, "segments/\(i)", [UInt8(i)]) } catch { return }
                committed.with { $0 += 1 }
            }
        }.start()
        XCTAssertTrue(eventually { committed.snapshot == 2 })
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(committed.snapshot, 2, "the third waits for room")
        XCTAssertEqual(try read(channel.nextSegment()), [0])
        XCTAssertTrue(eventually { committed.snapshot == 3 }, "taking one makes room for one")
        XCTAssertEqual(try read(channel.nextSegment()), [1])
        XCTAssertEqual(try read(channel.nextSegment()), [2])
        XCTAssertEqual(try read(channel.nextSegment()), [3])
        XCTAssertTrue(eventually { committed.snapshot == 4 })
    }

    func testDamagedSegmentIsRefusedBeforeAnyByteIsRead() throws {
        let channel = LiveCopyChannel()
        try channel.begin(header: header, tasks: [Int]())
        try Self.commit(channel, "segments/a", u8("abc"), sha256: HashingSink.hash(u8("abd")))
        XCTAssertThrowsError(try channel.nextSegment()) {
            XCTAssertEqual($0 as? ArchiveError, .segment(path: "segments/a", problem: "sha256 mismatch in memory"))
        }
    }

    func testFailureStopsBothSides() throws {
        let channel = LiveCopyChannel(capacity: 1)
        try channel.begin(header: header, tasks: [Int]())
        try Self.commit(channel, "segments/a", [1])
        let producer = Locked<Error?>(nil)
        let done = Locked(false)
        Thread {
            do { try Self.commit(channel, "segments/b", [2]) } catch { producer.with { $0 = error } }
            done.with { $0 = true }
        }.start()
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertFalse(done.snapshot, "blocked: the queue is full")
        channel.fail(Stop())
        XCTAssertTrue(eventually { done.snapshot }, "the blocked dump side wakes")
        XCTAssertEqual(producer.snapshot as? Stop, Stop())
        XCTAssertThrowsError(try channel.nextSegment()) { XCTAssertEqual($0 as? Stop, Stop()) }
        XCTAssertThrowsError(try channel.finish()) { XCTAssertEqual($0 as? Stop, Stop()) }
        XCTAssertEqual(channel.failed as? Stop, Stop())
        channel.fail(ArchiveError.notAStream)
        XCTAssertEqual(channel.failed as? Stop, Stop(), "the first failure is the one reported")
    }

    func testFailureBeforeBeginGivesAnEmptyIncompleteHeader() {
        let channel = LiveCopyChannel()
        channel.fail(Stop())
        let h = channel.header
        XCTAssertFalse(h.complete)
        XCTAssertEqual(h.databases.count, 0)
        XCTAssertEqual(h.segments.count, 0)
    }

    func testDumpThatDidNotFinishIsAnError() throws {
        let channel = LiveCopyChannel()
        try channel.begin(header: header, tasks: [Int]())
        try channel.finish(manifest: header)  // complete: false
        XCTAssertNil(try channel.nextSegment())
        XCTAssertThrowsError(try channel.finish()) {
            XCTAssertEqual($0 as? ArchiveError, .stream(offset: 0, problem: "the dump did not finish"))
        }
    }

    func testSegmentFromAnotherSinkIsRefused() throws {
        let channel = LiveCopyChannel()
        let record = Fixtures.segment(path: "segments/a", stats: SegmentWriter.Stats())
        XCTAssertThrowsError(try channel.commitSegment(record, sink: CountingSink(MemorySink()))) {
            XCTAssertEqual($0 as? ArchiveError, .segment(path: "segments/a", problem: "internal: live copy got a segment it did not open"))
        }
    }
}
