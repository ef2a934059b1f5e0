import Foundation
import InfluxDump
import XCTest

/// Object storage: multipart uploads, a killed dump resumed in the bucket, incremental jobs to
/// s3://, and prune with object lock.
extension ObjectStorageTests {
    /// Points that compress badly (random floats and ids), so segments outgrow a 5 MiB part.
    func loadBig(_ database: String, points: Int) throws {
        let server = try XCTUnwrap(Self.server)
        try server.execute("CREATE DATABASE \(database)")
        var generator = SystemRandomNumberGenerator()
        let t0: Int64 = 1_767_225_600_000_000_000
        for batch in stride(from: 0, to: points, by: 20_000) {
            var lp = ""
            for i in batch..<min(points, batch + 20_000) {
                let v = Double.random(in: 0..<1, using: &generator)
                let id = UInt64.random(in: 0...UInt64.max, using: &generator)
                lp +=
                    "noise,host=h\(i % 7) v=\(v),w=\(Double.random(in: -1e9..<1e9, using: &generator)),id=\"\(id)\" \(t0 + Int64(i) * 1_000_000)\n"
            }
            try server.write(database, Array(lp.utf8))
        }
    }

    func testLargeSegmentsGoUpInPartsAndAKilledDumpResumesInTheBucket() throws {
        let server = try XCTUnwrap(Self.server)
        let s3 = try s3Server()
        try loadBig("big", points: 220_000)
        let args = ["dump", "--host", server.url, "-d", "big", "--segment-size", "23", "--s3-part-size", "5", "-j", "1", "-q"]
        // A whole dump: its segment is larger than a part, so it was a multipart upload.
        let whole = try s3.influxdump(args + ["-o", "s3://backups/big/whole"])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let manifest = try StoredArchiveReader.loadManifest(store: try s3.storage().store(for: "s3://backups/big/whole"))
        let segment = try XCTUnwrap(manifest.segments.max { $0.compressedBytes < $1.compressedBytes })
        XCTAssertGreaterThan(segment.compressedBytes, 5 << 20, "the test needs a segment larger than one part")
        let head = try s3.aws(["s3api", "head-object", "--bucket", "backups", "--key", "big/whole/" + segment.path])
        XCTAssertTrue(head.stdout.contains("-2\\\""), "expected a multipart ETag: \(head.stdout)")
        XCTAssertEqual(try s3.influxdump(["verify", "s3://backups/big/whole"]).status, 0)
        // Killed in the middle (during an upload, with luck), then resumed with the same command.
        var interrupted = 0
        for (trial, delay) in [0.5, 1.2].enumerated() {
            let url = "s3://backups/big/killed\(trial)"
            let child = try Shell.spawn(
                TestServer.executable, args + ["-o", url], environment: s3.environment(), stdinFD: nil, stdoutFD: nil, closeInChild: [])
            Thread.sleep(forTimeInterval: delay)
            kill(child.pid, SIGKILL)
            _ = Shell.drain(child.outputs)
            if Shell.wait(child.pid) == 128 + SIGKILL { interrupted += 1 }
            let listed = try s3.aws(["s3", "ls", "--recursive", url + "/"]).stdout
            if listed.contains("manifest.json") { continue }  // finished before the kill
            let resumed = try s3.influxdump(args + ["-o", url, "--resume"])
            XCTAssertEqual(resumed.status, 0, "trial \(trial): \(resumed.stderr)")
            XCTAssertEqual(try s3.influxdump(["verify", url]).status, 0, "trial \(trial)")
            let uploads = try s3.aws(["s3api", "list-multipart-uploads", "--bucket", "backups", "--prefix", "big/killed\(trial)/"])
            XCTAssertFalse(uploads.stdout.contains("UploadId"), "trial \(trial): multipart uploads left behind: \(uploads.stdout)")
            let again = try StoredArchiveReader.loadManifest(store: try s3.storage().store(for: url))
            XCTAssertEqual(again.segments.map(\.sha256).sorted(), manifest.segments.map(\.sha256).sorted(), "trial \(trial)")
        }
        XCTAssertGreaterThan(interrupted, 0, "no trial interrupted a dump: the test proved nothing")
    }

    func testIncrementalJobsChainAndPruneInTheBucket() throws {
        let server = try XCTUnwrap(Self.server)
        let s3 = try s3Server()
        let file = work + "/job.yaml"
        try """
        name: nightly
        source: {url: \(server.url), databases: [\(Self.db)]}
        target: {archive: {path: s3://backups/jobs, keep_last: 1, full_every: 1h}}
        mode: incremental
        """.write(toFile: file, atomically: true, encoding: .utf8)
        for run in 1...2 {
            let out = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"], environment: s3.environment())
            XCTAssertEqual(out.status, 0, "run \(run): \(out.stderr)")
        }
        let folder = ArchiveFolder(store: try s3.storage().store(for: "s3://backups/jobs/nightly"))
        let archives = try folder.archives()
        XCTAssertEqual(archives.count, 2, "the second run continues the first: both are kept (one chain)")
        XCTAssertEqual(archives.last?.manifest.parent?.path, archives.first?.name)
        let verified = try s3.influxdump(["verify", "s3://backups/jobs/nightly"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    }

    func testPruneSkipsArchivesUnderObjectLock() throws {
        let s3 = try s3Server()
        let folder = "s3://backups-locked/f"
        for name in ["20261101T030000Z", "20261102T030000Z"] {
            try dump(to: folder + "/" + name, ["--s3-object-lock-days", "1"])
        }
        // (moto answers get-object-retention with a 500; head-object shows the retention too.)
        let retention = try s3.aws(["s3api", "head-object", "--bucket", "backups-locked", "--key", "f/20261101T030000Z/manifest.json"])
        XCTAssertTrue(retention.stdout.contains("\"ObjectLockMode\": \"GOVERNANCE\""), retention.stdout + retention.stderr)
        let pruned = try s3.influxdump(["prune", folder, "--keep-last", "1"])
        XCTAssertEqual(pruned.status, 0, pruned.stderr)
        XCTAssertTrue(pruned.stdout.contains("retained: its objects are under object lock until"), pruned.stdout)
        XCTAssertEqual(try ArchiveFolder(store: try s3.storage().store(for: folder)).archives().count, 2)
        // Without a lock, prune removes every object of the archive it does not keep.
        for name in ["20261101T030000Z", "20261102T030000Z"] { try dump(to: "s3://backups/p/" + name) }
        XCTAssertEqual(try s3.influxdump(["prune", "s3://backups/p", "--keep-last", "1"]).status, 0)
        let left = try s3.aws(["s3", "ls", "--recursive", "s3://backups/p/"]).stdout
        XCTAssertFalse(left.contains("20261101T030000Z"), left)
        XCTAssertTrue(left.contains("20261102T030000Z/manifest.json"), left)
    }
}
