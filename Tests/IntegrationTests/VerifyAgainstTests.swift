import Foundation
import InfluxDump
import XCTest

/// `verify --against URL` on a real server: a fresh archive matches its source, a changed source
/// is named window by window, windows that came back empty are compared too, and the first
/// shard group (bounded queries find nothing there after a restart) is counted correctly.
final class VerifyAgainstTests: SharedServerTestCase {
    static let db = "va"
    override class var workName: String { "va" }
    static let t2021: Int64 = 1_609_459_200_000_000_000

    override class func prepare(_ s: TestServer) throws -> [String] {
        try s.execute("CREATE DATABASE \(db)")
        var lp = "cpu,host=a v=1i,s=\"x\" -9223372036854775806\ncpu,host=b v=2i -9223372036000000000\n"
        for i in 0..<300 { lp += "cpu,host=h\(i % 7) v=\(i)i,f=\(Double(i) / 3) \(t2021 + Int64(i) * 60_000_000_000)\n" }
        for i in 0..<50 { lp += "mem,host=h\(i % 3) used=\(i)i \(t2021 + Int64(i) * 3_600_000_000_000)\n" }
        try s.write(db, Array(lp.utf8))
        // After a restart 1.6.7 reads the 1677 shard group only without an upper bound (API facts §11).
        try s.restart()
        return []
    }

    private func live() throws -> TestServer {
        if let e = Self.setupError { throw e }
        return try XCTUnwrap(Self.server)
    }

    private func dump(_ args: [String]) throws -> String {
        let archive = try live().dump(args, prefix: "influxdump-va-archive")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: archive) }
        return archive
    }

    private func verify(_ archive: String, _ server: TestServer, _ extra: [String] = []) throws -> Shell.Output {
        try Shell.run(TestServer.executable, ["verify", archive, "--against", server.url] + extra)
    }

    func testFreshArchiveMatchesThenAChangedSourceIsNamed() throws {
        let server = try live()
        let archive = try dump(["-d", Self.db, "--chunk", "1d"])
        let ok = try verify(archive, server)
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertTrue(ok.stdout.contains("compared "), ok.stdout)

        // One more value in an old window, one in the first shard group: both are named.
        try server.write(Self.db, Array("cpu,host=new v=7i \(Self.t2021 + 5)\ncpu,host=c v=3i -9223372036000000001\n".utf8))
        let changed = try verify(archive, server, ["--json"])
        XCTAssertEqual(changed.status, 1, changed.stdout + changed.stderr)
        let object = try JSONSerialization.jsonObject(with: changed.stdoutBytes) as? [String: Any]
        let result = try XCTUnwrap(object?["result"] as? [String: Any])
        let details = (result["findings"] as? [[String: String]] ?? []).map { "\($0["subject"] ?? ""): \($0["detail"] ?? "")" }
        XCTAssertEqual(
            details,
            [
                "va/autogen/cpu [1677-09-21T00:12:43.145224194Z, 1677-09-27T00:00:00Z): field v: archive 2, server 3",
                "va/autogen/cpu [2021-01-01T00:00:00Z, 2021-01-02T00:00:00Z): field v: archive 300, server 301",
            ])
        XCTAssertEqual((result["dumpsStarted"] as? [String])?.count, 1)
        XCTAssertGreaterThan(result["windowsCompared"] as? Int ?? 0, 3)
    }

    /// The class of loss behind issue 11 (a window answered empty, so no segment, so nothing to
    /// check): every planned window is compared, whether or not the archive holds points of it.
    func testWindowsWithoutSegmentsAreComparedToo() throws {
        let server = try live()
        let archive = try dump(["-d", Self.db, "-m", "mem"])
        var manifest = try StoredArchiveReader.loadManifest(root: archive)
        XCTAssertFalse(manifest.segments.contains { $0.windowStart < 0 }, "mem has no point in the 1677 group")
        // A point where the archive has a planned window but no segment: only the plan can catch it.
        try server.write(Self.db, Array("mem,host=late used=1i -9223372036000000000\n".utf8))
        let comparer = SourceComparer(client: try server.client())
        let found = try comparer.compare(manifest, counts: [:]).differences.filter { $0.window.start == Timestamp.minNano }
        XCTAssertEqual(
            found.map(\.description),
            ["va/autogen/mem [1677-09-21T00:12:43.145224194Z, 1677-09-27T00:00:00Z): field used: archive 0, server 1"])
        manifest.windows = nil  // an archive of an older version: only the windows of its segments
        XCTAssertEqual(try comparer.compare(manifest, counts: [:]).differences.filter { $0.window.start == Timestamp.minNano }, [])
        let cli = try verify(archive, server)
        XCTAssertEqual(cli.status, 1, cli.stdout)
        XCTAssertTrue(
            cli.stdout.contains(
                "va/autogen/mem [1677-09-21T00:12:43.145224194Z, 1677-09-27T00:00:00Z): source: field used: archive 0, server 1"),
            cli.stdout)
    }

    func testHostWithoutAgainstIsAUsageError() throws {
        let server = try live()
        let out = try Shell.run(TestServer.executable, ["verify", work, "--host", server.url])
        XCTAssertEqual(out.status, 2, out.stderr)
        XCTAssertTrue(out.stderr.contains("--host needs --against"), out.stderr)
    }
}
