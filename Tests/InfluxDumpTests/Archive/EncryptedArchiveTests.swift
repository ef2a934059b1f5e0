import AgeEncryption
import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Dump

/// An encrypted directory archive written and read through the writer and reader: the
/// journal is sealed (no name in it), a resume needs the identity, and the published files are
/// the marker, the checksums and the encrypted manifest.
final class EncryptedArchiveTests: XCTestCase {
    private var tmp: TempDirectory!
    private let identity = AgeIdentity.generate()

    override func setUpWithError() throws { tmp = try TempDirectory() }
    override func tearDown() { tmp.remove() }

    func testTheJournalIsSealedAndAResumeNeedsTheIdentity() throws {
        let dir = tmp.file("sealed")
        let keys = ArchiveKeys(recipients: [identity.recipient])
        do {
            let writer = try DirectoryArchiveWriter(root: dir, keys: keys)
            try writer.begin(header: Fixtures.manifest(complete: false, segments: []), tasks: [DumpTask]())
            try writer.queryCompleted(0, saved: SavedQuery(segments: []))
            writer.releaseLock()
        }
        let journal = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + DirectoryArchiveWriter.journalName))
        for name in ["autogen", "cpu", "127.0.0.1"] {
            XCTAssertNil(journal.range(of: Data(name.utf8)), "the journal shows \(name)")
        }
        XCTAssertEqual(journal.split(separator: 0x0A).count, 2)
        XCTAssertThrowsError(try DirectoryArchiveWriter(root: dir, resume: true, keys: keys)) { error in
            XCTAssertEqual(
                "\(error)",
                "\(dir)/.influxdump-dump.journal: resume failed: the dump was encrypted: give the identity (--identity) to resume it")
        }
        let resumed = try DirectoryArchiveWriter(
            root: dir, resume: true, keys: ArchiveKeys(recipients: keys.recipients, identities: [identity]))
        XCTAssertEqual(resumed.resumeState?.completed.count, 1)
        XCTAssertEqual(resumed.resumeState?.header.databases.first?.name, "db")
    }

    func testPublishedFilesAreTheMarkerTheChecksumsAndTheSealedManifest() throws {
        let dir = tmp.file("published")
        let keys = ArchiveKeys(recipients: [identity.recipient])
        let writer = try DirectoryArchiveWriter(root: dir, keys: keys)
        let manifest = Fixtures.manifest(complete: true, segments: [])
        try writer.begin(header: manifest, tasks: [DumpTask]())
        try writer.finish(manifest: manifest)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir).sorted(),
            ["checksums.sha256", "encryption.json", "manifest.json.age", "segments"])
        let marker = try XCTUnwrap(try ArchiveEncryption.marker(DirectoryStore(dir)))
        XCTAssertEqual(marker.recipients, [identity.recipient.description])
        XCTAssertThrowsError(try StoredArchiveReader.loadManifest(root: dir)) { error in
            XCTAssertEqual(error as? ArchiveError, .encrypted(path: dir, recipients: identity.recipient.description))
        }
        let read = try StoredArchiveReader.loadManifest(store: DirectoryStore(dir, keys: ArchiveKeys(identities: [identity])))
        XCTAssertEqual(read, manifest)
        // A replaced manifest (encrypted to the same recipient by someone else) fails its checksum.
        let forged = try AgeEncryptingSink.encrypt(try manifest.encoded(), to: [identity.recipient])
        try Data(forged).write(to: URL(fileURLWithPath: dir + "/manifest.json.age"))
        XCTAssertThrowsError(try StoredArchiveReader.loadManifest(store: DirectoryStore(dir, keys: ArchiveKeys(identities: [identity])))) {
            XCTAssertTrue("\($0)".contains("sha256 does not match checksums.sha256"), "\($0)")
        }
    }
}
