import Foundation
import InfluxDump
import XCTest

/// Archives in S3-compatible object storage, against a real server that checks every SigV4
/// signature (moto) and a real influxd: the whole cycle through s3://, the objects read with
/// the aws CLI and zstd, a wrong secret, a damaged object, a killed dump resumed in the bucket.
final class ObjectStorageTests: SharedServerTestCase {
    static let db = "nasty"
    nonisolated(unsafe) static var s3: TestS3?
    override class var workName: String { "s3" }

    override class func prepare(_ server: TestServer) throws -> [String] {
        try NastyDataset.load(into: server, database: db)
        s3 = try TestS3(buckets: ["backups", "backups-locked"])
        return []
    }

    override class func tearDown() {
        s3?.destroy()
        s3 = nil
        super.tearDown()
    }

    func s3Server() throws -> TestS3 { try XCTUnwrap(Self.s3, "the S3 server did not start") }

    /// Dumps the nasty database to `url`; fails the test on a non-zero exit.
    @discardableResult
    func dump(to url: String, _ extra: [String] = []) throws -> Shell.Output {
        let server = try XCTUnwrap(Self.server)
        let out = try s3Server().influxdump(["dump", "--host", server.url, "-d", Self.db, "-o", url, "-q"] + extra)
        XCTAssertEqual(out.status, 0, out.stderr)
        return out
    }

    func testDumpVerifyInspectRestoreThroughS3AreIdenticalPointForPoint() throws {
        let server = try XCTUnwrap(Self.server)
        let s3 = try s3Server()
        let url = "s3://backups/cycle/nasty"
        try dump(to: url, ["--chunk", "30d"])
        let verified = try s3.influxdump(["verify", url])
        XCTAssertEqual(verified.status, 0, verified.stderr + verified.stdout)
        let inspected = try s3.influxdump(["inspect", url])
        XCTAssertEqual(inspected.status, 0, inspected.stderr)
        XCTAssertTrue(inspected.stdout.contains("nasty"), inspected.stdout)
        let restored = try s3.influxdump(["restore", "--host", server.url, "-i", url, "--database-map", "\(Self.db)=fromS3", "-q"])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        let diff = try DatabaseComparator(
            source: try server.client(), sourceDB: Self.db, destination: try server.client(), destinationDB: "fromS3"
        ).compare()
        XCTAssertEqual(diff.differences.map(\.what), [])
        XCTAssertGreaterThan(diff.points, 0)
    }

    func testObjectsAreTheFilesOfADirectoryArchive() throws {
        let s3 = try s3Server()
        let url = "s3://backups/same/nasty"
        try dump(to: url)
        // `aws s3 sync` down to a folder gives an archive that verify accepts as it is.
        let local = work + "/synced"
        let synced = try s3.aws(["s3", "sync", url, local])
        XCTAssertEqual(synced.status, 0, synced.stderr)
        XCTAssertEqual(try ArchiveVerifier(root: local).run().findings.map(\.description), [])
        let manifest = try StoredArchiveReader.loadManifest(root: local)
        let names = try FileManager.default.subpathsOfDirectory(atPath: local).filter { !$0.hasSuffix("segments") }.sorted()
        XCTAssertEqual(names, ([Manifest.fileName, Manifest.digestFileName] + manifest.segments.map(\.path)).sorted())
        // One segment fetched with the aws CLI decompresses with zstd into its line protocol.
        let segment = try XCTUnwrap(manifest.segments.max { $0.points < $1.points })
        let fetched = work + "/one.lp.zst"
        XCTAssertEqual(try s3.aws(["s3", "cp", url + "/" + segment.path, fetched]).status, 0)
        let text = try Shell.run("/usr/bin/env", ["zstd", "-dc", fetched])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(Int64(text.stdoutBytes.count), segment.rawBytes)
        XCTAssertEqual(HashingSink.hash(Array(try Data(contentsOf: URL(fileURLWithPath: fetched)))), segment.sha256)
    }

    func testAWrongSecretIsRefusedWithTheS3CodeAndNoSecretIsEverPrinted() throws {
        let server = try XCTUnwrap(Self.server)
        let s3 = try s3Server()
        let wrong = "wrongSecretThatMustNotBePrinted0123456789"
        let refused = try s3.influxdump(
            ["dump", "--host", server.url, "-d", Self.db, "-o", "s3://backups/refused/x", "--log-level", "trace"], secret: wrong)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("s3://backups/refused/"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("SignatureDoesNotMatch"), refused.stderr)
        // A successful run at the most talkative level, its JSON report and its manifest: no secret.
        let url = "s3://backups/secrets/x"
        let ok = try s3.influxdump(["dump", "--host", server.url, "-d", Self.db, "-o", url, "--log-level", "trace", "--progress", "plain"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let verified = try s3.influxdump(["verify", url, "--json"])
        let inspected = try s3.influxdump(["inspect", url, "--json", "--segments"])
        let manifest = try XCTUnwrap(try s3.aws(["s3", "cp", url + "/manifest.json", "-"]).stdout)
        for text in [refused.stdout, refused.stderr, ok.stdout, ok.stderr, verified.stdout, verified.stderr, inspected.stdout, manifest] {
            XCTAssertFalse(text.contains(s3.secretKey), "the secret key appears in: \(text.prefix(300))")
            XCTAssertFalse(text.contains(wrong), "the wrong secret appears in: \(text.prefix(300))")
        }
    }

    func testAFlippedByteInAnObjectIsFoundByVerifyAndRefusedByRestore() throws {
        let server = try XCTUnwrap(Self.server)
        let s3 = try s3Server()
        let url = "s3://backups/damaged/nasty"
        try dump(to: url)
        let local = work + "/copy"
        XCTAssertEqual(try s3.aws(["s3", "sync", url, local]).status, 0)
        let segment = try XCTUnwrap(StoredArchiveReader.loadManifest(root: local).segments.first)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: local + "/" + segment.path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: work + "/flipped"))
        XCTAssertEqual(try s3.aws(["s3", "cp", work + "/flipped", url + "/" + segment.path]).status, 0)
        let verified = try s3.influxdump(["verify", url])
        XCTAssertEqual(verified.status, 1, verified.stdout + verified.stderr)
        XCTAssertTrue((verified.stdout + verified.stderr).contains(segment.path), verified.stdout + verified.stderr)
        let restored = try s3.influxdump(["restore", "--host", server.url, "-i", url, "--database-map", "\(Self.db)=damaged", "-q"])
        XCTAssertNotEqual(restored.status, 0)
        XCTAssertTrue(restored.stderr.contains(segment.path), restored.stderr)
    }

    func testEncryptedArchivesInTheBucket() throws {
        let server = try XCTUnwrap(Self.server)
        let s3 = try s3Server()
        let key = work + "/s3.key"
        XCTAssertEqual(try Shell.run("/usr/bin/env", ["age-keygen", "-o", key]).status, 0, "age-keygen: run scripts/install-deps.sh")
        let recipient = try Shell.run("/usr/bin/env", ["age-keygen", "-y", key]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let url = "s3://backups/sealed/nasty"
        try dump(to: url, ["--recipient", recipient])
        let listed = try s3.aws(["s3", "ls", "--recursive", url + "/"]).stdout
        XCTAssertTrue(listed.contains("manifest.json.age") && listed.contains(".lp.zst.age") && !listed.contains("manifest.json\n"), listed)
        XCTAssertEqual(try s3.influxdump(["verify", url]).status, 0, "without the identity: every object's sha256")
        XCTAssertEqual(try s3.influxdump(["verify", url, "--identity", key]).status, 0)
        let restored = try s3.influxdump([
            "restore", "--host", server.url, "-i", url, "--identity", key, "--database-map", "\(Self.db)=sealedS3", "-q",
        ])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        let diff = try DatabaseComparator(
            source: try server.client(), sourceDB: Self.db, destination: try server.client(), destinationDB: "sealedS3"
        ).compare()
        XCTAssertEqual(diff.differences.map(\.what), [])
    }
}
