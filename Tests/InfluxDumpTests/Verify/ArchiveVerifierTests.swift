import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Verify

final class ArchiveVerifierTests: XCTestCase {
    private var tmp: TempDirectory!
    private var root: String!
    private var manifest: Manifest!

    private let points: [(path: String, window: (Int64, Int64), points: [(line: String, time: Int64)])] = [
        (
            "segments/000000.0.000.lp.zst", (0, 1000),
            [("cpu,host=a f=1.0 1\n", 1), ("cpu,host=b f=2.0,n=3i 2\n", 2), ("cpu,host=a f=-0.0 999\n", 999)]
        ),
        ("segments/000001.0.000.lp.zst", (1000, 2000), [("cpu s=\"x\ny \\\"q\\\"\" 1500\n", 1500), ("cpu b=true 1000\n", 1000)]),
        (
            "segments/000002.1.000.lp.zst", (-5000, 0),
            [("cpu\\ x,t=v f=1i -1\n", -1), ("cpu\\ x f=1i -5000\n", -5000), ("cpu\\ x f=2i -4999\n", -4999)]
        ),
    ]

    override func setUpWithError() throws {
        tmp = try TempDirectory()
        root = tmp.file("archive")
        let writer = try DirectoryArchiveWriter(root: root)
        var records: [Manifest.Segment] = []
        for s in points {
            let sink = try writer.openSegment(path: s.path)
            let stats = try Fixtures.writeSegment(s.points, to: sink)
            let record = Fixtures.segment(
                path: s.path, measurement: s.path.contains("000002") ? "cpu x" : "cpu",
                windowStart: s.window.0, windowEnd: s.window.1, stats: stats)
            try writer.commitSegment(record, sink: sink)
            records.append(record)
        }
        manifest = Fixtures.manifest(complete: true, segments: records)
        try writer.finish(manifest: manifest)
    }

    override func tearDown() { tmp.remove() }

    private func verify(_ dir: String? = nil) throws -> ArchiveVerifier.Report {
        try ArchiveVerifier(root: dir ?? root, jobs: 2).run()
    }

    /// Edits the manifest and re-seals its digest (a consistent forgery), so the checks below
    /// are seen on their own; `testEditedManifestWithoutItsDigest` covers a plain edit.
    private func rewriteManifest(_ edit: (inout Manifest) -> Void) throws {
        var m = manifest!
        edit(&m)
        let bytes = try m.encoded()
        try writeBytes(root + "/manifest.json", bytes)
        try writeBytes(root + "/manifest.sha256", Array(Manifest.digestLine(bytes).utf8))
    }

    func testEditedManifestWithoutItsDigest() throws {
        var m = manifest!
        m.databases[0].retentionPolicies = []  // nothing a segment check would notice
        try writeBytes(root + "/manifest.json", try m.encoded())
        XCTAssertEqual(
            try verify().findings,
            [Finding(.checksum, "manifest.json", "sha256 does not match manifest.sha256: the manifest was edited or damaged")])
        XCTAssertThrowsError(try StoredArchiveReader(root: root)) { error in
            XCTAssertEqual(
                "\(error)",
                root + "/manifest.json: unreadable manifest: sha256 does not match manifest.sha256: the manifest was edited or damaged")
        }
    }

    func testEveryFlippedByteOfTheManifestIsFound() throws {
        let original = try XCTUnwrap(FileManager.default.contents(atPath: root + "/manifest.json"))
        for i in 0..<original.count {
            var bytes = original
            bytes[i] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: root + "/manifest.json"))
            let detected: Bool
            do { detected = !(try verify().findings.isEmpty) } catch { detected = true }
            XCTAssertTrue(detected, "flipped byte \(i) of manifest.json went unnoticed")
        }
    }

    func testCleanArchiveHasNoFindings() throws {
        let report = try verify()
        XCTAssertEqual(report.findings, [])
        XCTAssertTrue(report.ok)
        XCTAssertEqual(report.segments, 3)
        XCTAssertEqual(report.points, 8)
        let raw = points.flatMap(\.points).reduce(0) { $0 + $1.line.utf8.count }
        XCTAssertEqual(report.rawBytes, Int64(raw))
        // Only the final files are left.
        let files = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
        XCTAssertEqual(
            files,
            [
                "manifest.json", "manifest.sha256", "segments", "segments/000000.0.000.lp.zst", "segments/000001.0.000.lp.zst",
                "segments/000002.1.000.lp.zst",
            ])
    }

    func testEveryFlippedByteOfASegmentIsFound() throws {
        let copy = tmp.file("copy")
        try FileManager.default.copyItem(atPath: root, toPath: copy)
        let path = points[1].path
        let file = copy + "/" + path
        let original = try readBytes(file)
        XCTAssertGreaterThan(original.count, 20)
        for pos in original.indices {
            var bad = original
            bad[pos] ^= 0xFF
            try writeBytes(file, bad)
            let report = try verify(copy)
            XCTAssertTrue(report.findings.contains { $0.subject == path && $0.kind == .checksum }, "flip at \(pos): \(report.findings)")
            XCTAssertTrue(report.findings.allSatisfy { $0.subject == path }, "flip at \(pos): \(report.findings)")
        }
        try writeBytes(file, original)
        XCTAssertEqual(try verify(copy).findings, [])
    }

    func testTruncatedSegment() throws {
        let path = points[0].path
        let file = root + "/" + path
        let original = try readBytes(file)
        for keep in [original.count - 1, original.count / 2, 5] {
            try writeBytes(file, Array(original.prefix(keep)))
            let findings = try verify().findings
            let kinds = Set(findings.filter { $0.subject == path }.map(\.kind))
            XCTAssertEqual(kinds, [.size, .checksum, .zstd], "keep \(keep): \(findings)")
            XCTAssertTrue(findings.contains(Finding(.size, path, "\(keep) bytes, manifest says \(original.count)")), "\(findings)")
        }
        try writeBytes(file, [])
        let findings = try verify().findings
        XCTAssertTrue(findings.contains(Finding(.zstd, path, "zstd: empty input")), "\(findings)")
        XCTAssertTrue(findings.contains { $0.kind == .size && $0.subject == path })
        XCTAssertTrue(findings.contains { $0.kind == .checksum && $0.subject == path })
    }

    func testMissingSegment() throws {
        let path = points[2].path
        try FileManager.default.removeItem(atPath: root + "/" + path)
        XCTAssertEqual(try verify().findings, [Finding(.missing, path, "file is missing")])
    }

    func testStrayFiles() throws {
        try writeBytes(root + "/segments/extra.lp.zst", [1, 2, 3])
        try writeBytes(root + "/segments/000009.0.000.lp.zst.partial", [])
        try writeBytes(root + "/.hidden", [])
        XCTAssertEqual(
            try verify().findings,
            [
                Finding(.stray, ".hidden", "file is not listed in the manifest"),
                Finding(.stray, "segments/000009.0.000.lp.zst.partial", "unfinished file left by an interrupted dump"),
                Finding(.stray, "segments/extra.lp.zst", "file is not listed in the manifest"),
            ])
    }

    func testEditedPointCount() throws {
        try rewriteManifest { $0.segments[0].points = 4 }
        XCTAssertEqual(try verify().findings, [Finding(.count, points[0].path, "holds 3 point(s), manifest says 4")])
    }

    func testEditedTimeBoundsWindowAndMeasurement() throws {
        try rewriteManifest {
            $0.segments[0].maxTime = 998
            $0.segments[1].windowEnd = 1500
            $0.segments[2].measurement = "cpu"
        }
        let p = points
        XCTAssertEqual(
            try verify().findings,
            [
                Finding(.timeBounds, p[0].path, "times span [1, 999], manifest says [1, 998]"),
                Finding(.window, p[1].path, "point 1 at 1500 is outside the window [1000, 1500)"),
                Finding(.measurement, p[2].path, #"point 1 is in measurement "cpu x", manifest says "cpu""#),
                Finding(.measurement, p[2].path, #"point 2 is in measurement "cpu x", manifest says "cpu""#),
                Finding(.measurement, p[2].path, #"point 3 is in measurement "cpu x", manifest says "cpu""#),
            ])
    }

    func testIncompleteManifest() throws {
        try rewriteManifest { $0.complete = false }
        XCTAssertEqual(try verify().findings, [Finding(.manifest, "manifest.json", "not marked complete: the dump did not finish")])
    }

    func testSegmentListedTwice() throws {
        try rewriteManifest { $0.segments.append($0.segments[0]) }
        let findings = try verify().findings
        XCTAssertEqual(findings.first, Finding(.manifest, "manifest.json", "segment \(points[0].path) is listed twice"))
        XCTAssertEqual(findings.count, 1)
    }

    func testNoManifestThrows() throws {
        try FileManager.default.removeItem(atPath: root + "/manifest.json")
        XCTAssertThrowsError(try verify()) { XCTAssertEqual($0 as? ArchiveError, .notAnArchive(path: root)) }
    }
}
