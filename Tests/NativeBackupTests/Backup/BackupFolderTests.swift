import Foundation
import XCTest

@testable import NativeBackup

/// Manifests as Go's `backup_util.Manifest` marshals them, and folders of one or more backup runs.
final class BackupFolderTests: XCTestCase {
    private var fixture: BackupFixture!

    override func setUpWithError() throws { fixture = try BackupFixture() }
    override func tearDown() { fixture.remove() }

    func testManifestAsGoWritesIt() throws {
        // json.MarshalIndent(manifest, "", "  ") of a backup limited to one database.
        let json = """
            {
              "meta": {
                "fileName": "20240105T101112Z.meta",
                "size": 1234
              },
              "limited": true,
              "files": [
                {
                  "database": "telegraf",
                  "policy": "autogen",
                  "shardID": 18446744073709551615,
                  "fileName": "20240105T101112Z.s18446744073709551615.tar.gz",
                  "size": 10240,
                  "lastModified": 0
                }
              ],
              "database": "telegraf"
            }
            """
        let path = try fixture.folder.write("x.manifest", u8(json))
        let m = try BackupManifest.load(path: path)
        XCTAssertEqual(m.meta, BackupManifest.Meta(fileName: "20240105T101112Z.meta", size: 1234))
        XCTAssertTrue(m.limited)
        XCTAssertEqual(m.database, "telegraf")
        XCTAssertNil(m.policy)
        XCTAssertNil(m.shardID)
        XCTAssertEqual(
            m.files,
            [
                BackupManifest.Shard(
                    database: "telegraf", policy: "autogen", shardID: .max, fileName: "20240105T101112Z.s18446744073709551615.tar.gz",
                    size: 10240, lastModified: 0)
            ])
    }

    func testManifestWithNullFilesAndShardID() throws {
        // A backup of a database with no shards: Go marshals the nil slice as null.
        let path = try fixture.folder.write(
            "y.manifest", u8(#"{"meta":{"fileName":"m.meta","size":0},"limited":true,"files":null,"policy":"rp","shard_id":7}"#))
        let m = try BackupManifest.load(path: path)
        XCTAssertEqual(m.files, [])
        XCTAssertEqual(m.policy, "rp")
        XCTAssertEqual(m.shardID, 7)
        let bare = try fixture.folder.write("z.manifest", u8(#"{"meta":{"fileName":"m.meta","size":0}}"#))
        XCTAssertEqual(
            try BackupManifest.load(path: bare), BackupManifest(meta: .init(fileName: "m.meta", size: 0), limited: false, files: []))
    }

    func testUnreadableManifests() throws {
        let cases: [(String, String)] = [
            (#"{"limited": false, "files": []}"#, "missing key meta"),
            (#"{"meta": {"fileName": 3, "size": 0}}"#, "meta.fileName"),
            (#"{"meta": {"fileName": "a", "size": 0}, "files": [{"database": "d"}]}"#, "missing key policy"),
            ("not json", "not valid JSON"),
        ]
        for (n, (json, fragment)) in cases.enumerated() {
            let path = try fixture.folder.write("bad\(n).manifest", u8(json))
            expectNativeError({ try BackupManifest.load(path: path) }) { error in
                guard case .manifestUnreadable(let p, let message) = error else { return XCTFail("\(json): \(error)") }
                XCTAssertEqual(p, path)
                XCTAssertTrue(message.contains(fragment), "\(json): \(message)")
            }
        }
    }

    /// Two runs: the newer one names shards 1 and 2, the older shard 3 (with another
    /// metastore), and shard 1 as well when `overlapping`.
    private func twoRuns(overlapping: Bool = false) throws {
        var old = BackupFixture.simpleMeta()
        old.databases[0].name = "old"
        try fixture.writeMeta("20240101T000000Z", old)
        let old1 = try fixture.writeShard("20240101T000000Z", id: 1, [("000000001-000000001.tsm", [0x01])])
        let old3 = try fixture.writeShard("20240101T000000Z", id: 3, [])
        try fixture.writeManifest(
            "20240101T000000Z",
            files: (overlapping ? [BackupFixture.entryJSON(1, old1)] : []) + [BackupFixture.entryJSON(3, old3, db: "old")])
        try fixture.writeMeta("20240102T000000Z")
        let new1 = try fixture.writeShard("20240102T000000Z", id: 1, [])
        let new2 = try fixture.writeShard("20240102T000000Z", id: 2, [])
        try fixture.writeManifest("20240102T000000Z", files: [BackupFixture.entryJSON(1, new1), BackupFixture.entryJSON(2, new2)])
    }

    func testRunsOfDifferentShardsAreJoined() throws {
        try twoRuns()
        let backup = try BackupFolder.open(fixture.path)
        XCTAssertEqual(backup.manifests, ["20240102T000000Z.manifest", "20240101T000000Z.manifest"])
        XCTAssertEqual(backup.stamp, "20240102T000000Z")
        XCTAssertEqual(backup.takenAt, "2024-01-02T00:00:00Z")
        XCTAssertEqual(backup.shards[1]?.fileName, "20240102T000000Z.s1.tar.gz")
        XCTAssertEqual(backup.shards[2]?.fileName, "20240102T000000Z.s2.tar.gz")
        XCTAssertEqual(backup.shards[3]?.fileName, "20240101T000000Z.s3.tar.gz", "only the older run names shard 3")
        XCTAssertEqual(backup.shards[3]?.database, "old")
        XCTAssertEqual(backup.shards.count, 3)
        XCTAssertEqual(backup.meta.databases.map(\.name), ["db"], "the newest run's metastore")
        XCTAssertEqual(backup.archivePath(of: backup.shards[2]!), fixture.path + "/20240102T000000Z.s2.tar.gz")
    }

    /// A full run and a later `-since` run both name shard 1: neither copy alone is the shard.
    func testAShardInTwoRunsIsRefused() throws {
        try twoRuns(overlapping: true)
        expectNativeError({ try BackupFolder.open(fixture.path) }) { error in
            guard case .severalRuns(let path, let id, let runs) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.path)
            XCTAssertEqual(id, 1)
            XCTAssertEqual(runs.sorted(), ["20240101T000000Z.manifest", "20240102T000000Z.manifest"])
            XCTAssertTrue(error.description.contains("dump each run from a folder of its own"), error.description)
        }
    }

    func testAnOlderRunsMetastoreMayBeMissing() throws {
        try twoRuns()
        try FileManager.default.removeItem(atPath: fixture.path + "/20240101T000000Z.meta")
        XCTAssertEqual(try BackupFolder.open(fixture.path).shards.count, 3)
    }

    func testMissingShardFile() throws {
        try twoRuns()
        try FileManager.default.removeItem(atPath: fixture.path + "/20240101T000000Z.s3.tar.gz")
        expectNativeError({ try BackupFolder.open(fixture.path) }) { error in
            guard case .missingFile(let path, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.path + "/20240101T000000Z.s3.tar.gz")
            XCTAssertTrue(message.contains("20240101T000000Z.manifest"), message)
        }
    }

    func testMissingMetaFile() throws {
        try twoRuns()
        try FileManager.default.removeItem(atPath: fixture.path + "/20240102T000000Z.meta")
        expectNativeError({ try BackupFolder.open(fixture.path) }) { error in
            guard case .missingFile(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, fixture.path + "/20240102T000000Z.meta")
        }
    }

    func testNotABackup() throws {
        try fixture.writeMeta("20240101T000000Z")
        try fixture.folder.write("20240101T000000Z.s1.tar.gz", [0x1F, 0x8B])
        expectNativeError({ try BackupFolder.open(fixture.path) }) { XCTAssertEqual($0, .notABackup(path: fixture.path)) }
        expectNativeError({ try BackupFolder.open(fixture.path + "/nope") }) { error in
            guard case .io(_, let operation, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "list")
        }
    }

    func testFileNameWithSlashIsRefused() throws {
        try fixture.writeMeta("20240101T000000Z")
        try fixture.writeManifest("20240101T000000Z", files: [BackupFixture.entryJSON(1, "../x.tar.gz")])
        expectNativeError({ try BackupFolder.open(fixture.path) }) { error in
            guard case .manifestUnreadable(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("has a /"), message)
        }
    }

    func testArchiveMembersThatAreNotPlainFiles() throws {
        try fixture.writeBackup("20240101T000000Z", shards: [1: [("000000001-000000001.tsm", [0x00])]])
        // Replace the archive with one holding a symbolic link, then with a hidden file.
        let stage = fixture.path + "/st/db/autogen/1"
        try FileManager.default.createDirectory(atPath: stage, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: stage + "/000000001-000000001.tsm", withDestinationPath: "/etc/passwd")
        try retar()
        expectNativeError({ try fixture.shard(1) }) { error in
            guard case .archiveUnreadable(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("is not a regular file"), message)
        }
        try FileManager.default.removeItem(atPath: stage + "/000000001-000000001.tsm")
        try fixture.folder.write("st/db/autogen/1/.hidden", [0x00])
        try retar()
        expectNativeError({ try fixture.shard(1) }) { error in
            guard case .archiveUnreadable(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("no usable file name"), message)
        }
        try fixture.folder.write("20240101T000000Z.s1.tar.gz", u8("not an archive"))
        expectNativeError({ try fixture.shard(1) }) { error in
            guard case .archiveUnreadable = error else { return XCTFail("\(error)") }
        }
    }

    private func retar() throws {
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["-czf", fixture.path + "/20240101T000000Z.s1.tar.gz", "-C", fixture.path + "/st", "db"]
        try FileManager.default.removeItem(atPath: fixture.path + "/20240101T000000Z.s1.tar.gz")
        try tar.run()
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0)
    }
}
