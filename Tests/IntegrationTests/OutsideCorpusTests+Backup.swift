import Foundation
import InfluxDump
import XCTest

/// The outside corpus read from an `influxd backup -portable` of its server instead of over HTTP:
/// data the native reader was not written for must arrive as the HTTP path delivers it, and
/// what line protocol cannot write must be a finding, as it is over HTTP.
extension OutsideCorpusTests {
    /// Every carried database, from a backup of the server, restored and compared with the
    /// source point for point (names as bytes, never as Swift strings). Names that are not
    /// UTF-8, which InfluxQL cannot name (findings over HTTP), are carried from a backup.
    func testCorpusFromItsBackupArrivesIdentical() throws {
        let server = try live()
        let backup = try takeBackup(server)
        for (n, db) in ([Self.corpusDB, Self.utf8DB] + Self.suspects.keys.sorted()).enumerated() {
            let (manifest, copy) = try dumpAndRestore(server, backup, db, "outside_copy_backup_\(n)", status: 0)
            XCTAssertEqual(manifest.findings, [], db)
            Self.assertSame(try Snapshot.take(server.client(), db), try Snapshot.take(server.client(), copy), "\(db) from its backup")
        }
    }

    /// Stored names line protocol cannot write: the same findings as over HTTP (one per name),
    /// exit 1, and every other point arrives. The index-only measurements, which SELECT cannot
    /// read, are in the TSM files: from a backup each is a finding too.
    func testWhatLineProtocolCannotCarryFromABackupIsAFinding() throws {
        let server = try live()
        let backup = try takeBackup(server)
        let (lossy, lossyCopy) = try dumpAndRestore(server, backup, Self.lossyDB, "outside_copy_backup_lossy", status: 1)
        XCTAssertEqual(lossy.findings.count, Self.expectedFindings.count, "\(lossy.findings)")
        for (m, name) in Self.expectedFindings {
            XCTAssertEqual(lossy.findings.filter { $0.contains(m) && $0.contains(name) }.count, 1, "\(m): \(lossy.findings)")
        }
        let a = try Snapshot.take(server.client(), Self.lossyDB), b = try Snapshot.take(server.client(), lossyCopy)
        let differing = Snapshot.measurements(in: a.points.symmetricDifference(b.points))
        XCTAssertEqual(differing.subtracting(Set(Self.expectedFindings.keys.map { Snapshot.hex(Self.b($0)) })), [])
        let (indexOnly, _) = try dumpAndRestore(server, backup, Self.indexOnlyDB, "outside_copy_backup_io", status: 1)
        XCTAssertEqual(indexOnly.findings.count, 4, "\(indexOnly.findings)")
        XCTAssertTrue(indexOnly.findings.allSatisfy { $0.hasPrefix("measurement \"io") && $0.contains("has a backslash before") })
    }

    private func takeBackup(_ server: TestServer) throws -> String {
        let backup = work + "/backup"
        let taken = try Shell.run(TestServer.repositoryRoot + "/scripts/influxd-local.sh", ["backup", server.directory, backup])
        XCTAssertEqual(taken.status, 0, taken.stderr)
        return backup
    }

    /// `dump --from-backup` of `db` (exiting `status`), then its restore as `copy`.
    private func dumpAndRestore(
        _ server: TestServer, _ backup: String, _ db: String, _ copy: String, status: Int32
    ) throws -> (Manifest, String) {
        let dir = work + "/" + copy
        let dump = try Shell.run(TestServer.executable, ["dump", "--from-backup", backup, "-d", db, "-o", dir, "-q"])
        XCTAssertEqual(dump.status, status, "\(db): \(dump.stderr)")
        let restore = try Shell.run(
            TestServer.executable, ["restore", "--host", server.url, "-i", dir, "--database-map", "\(db)=\(copy)", "-q"])
        XCTAssertEqual(restore.status, 0, "\(db): \(restore.stderr)")
        return (try StoredArchiveReader.loadManifest(root: dir), copy)
    }
}
