import Foundation
import InfluxDump
import XCTest

/// Encrypted archives against a real influxd and the real `age` CLI: nothing readable on disk,
/// `age -d | zstd -dc` reads a segment, restore with the identity is identical point for point,
/// a wrong or missing identity and damaged files are refused with a line that names the file.
final class EncryptionTests: SharedServerTestCase {
    static let db = "nasty"
    override class var workName: String { "encryption" }

    override class func prepare(_ server: TestServer) throws -> [String] {
        try NastyDataset.load(into: server, database: db)
        return []
    }

    /// A new age key made by `age-keygen`: (identity file, public key).
    func keygen(_ name: String) throws -> (file: String, recipient: String) {
        let file = work + "/" + name
        let made = try Shell.run("/usr/bin/env", ["age-keygen", "-o", file])
        XCTAssertEqual(made.status, 0, "age-keygen (run scripts/install-deps.sh): \(made.stderr)")
        let pub = try Shell.run("/usr/bin/env", ["age-keygen", "-y", file])
        return (file, pub.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func influxdump(_ args: [String], environment: [String: String]? = nil) throws -> Shell.Output {
        try Shell.run(TestServer.executable, args, environment: environment)
    }

    /// Names of the source that must not be readable: databases, RPs, measurements, fields (from a
    /// plain dump's manifest), and tag keys and values (from its line protocol); 5 bytes or more,
    /// so that ciphertext cannot hold one by chance.
    func names(ofPlainDump plain: String) throws -> Set<String> {
        let m = try StoredArchiveReader.loadManifest(root: plain)
        var names = Set(m.databases.map(\.name) + m.databases.flatMap { $0.retentionPolicies.map(\.name) })
        for s in m.segments {
            names.insert(s.measurement)
            names.formUnion(s.fields.keys)
            let raw = MemorySink()
            let z = try ZstdDecompressor(next: raw)
            try FileSource.read(plain + "/" + s.path) { try z.write($0) }
            try z.finish()
            for line in String(decoding: raw.bytes, as: UTF8.self).split(separator: "\n").prefix(50) {
                let key = line.split(separator: " ", maxSplits: 1).first ?? ""
                for pair in key.split(separator: ",").dropFirst() { pair.split(separator: "=").forEach { names.insert(String($0)) } }
            }
        }
        return names.filter { $0.utf8.count >= 5 }
    }

    func testNothingIsReadableAndAgeReadsEverySegmentAndRestoreIsIdentical() throws {
        let server = try XCTUnwrap(Self.server)
        let key = try keygen("backup.key")
        let plain = work + "/plain", sealed = work + "/sealed"
        XCTAssertEqual(try influxdump(["dump", "--host", server.url, "-d", Self.db, "-o", plain, "-q"]).status, 0)
        let dumped = try influxdump(["dump", "--host", server.url, "-d", Self.db, "-o", sealed, "-q", "--recipient", key.recipient])
        XCTAssertEqual(dumped.status, 0, dumped.stderr)
        let names = try names(ofPlainDump: plain)
        XCTAssertTrue(names.contains(Self.db) && names.count > 10, "\(names)")
        for file in try FileManager.default.subpathsOfDirectory(atPath: sealed) {
            guard let bytes = FileManager.default.contents(atPath: sealed + "/" + file) else { continue }
            for name in names where bytes.range(of: Data(name.utf8)) != nil {
                XCTFail("\(file) holds the name \(name) in plaintext")
            }
        }
        // The standard tools read every segment: age -d | zstd -dc.
        let manifest = try StoredArchiveReader.loadManifest(
            store: DirectoryStore(sealed, keys: ArchiveKeys(identities: AgeIdentityFile.load(key.file).identities)))
        for s in manifest.segments {
            XCTAssertTrue(s.path.hasSuffix(".lp.zst.age"), s.path)
            let text = try Shell.run("/bin/sh", ["-c", "age -d -i \"$0\" \"$1\" | zstd -dc", key.file, sealed + "/" + s.path])
            XCTAssertEqual(text.status, 0, text.stderr)
            XCTAssertEqual(Int64(text.stdoutBytes.count), s.rawBytes, s.path)
        }
        let restored = try influxdump([
            "restore", "--host", server.url, "-i", sealed, "--identity", key.file, "--database-map", "\(Self.db)=sealedcopy", "-q",
        ])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        let diff = try DatabaseComparator(
            source: try server.client(), sourceDB: Self.db, destination: try server.client(), destinationDB: "sealedcopy"
        ).compare()
        XCTAssertEqual(diff.differences.map(\.what), [])
        XCTAssertGreaterThan(diff.points, 0)
        // Full verify with the identity; without it every file's sha256, and it says so.
        let full = try influxdump(["verify", sealed, "--identity", key.file])
        XCTAssertEqual(full.status, 0, full.stdout + full.stderr)
        XCTAssertTrue(full.stdout.contains("\(manifest.totalPoints) points"), full.stdout)
        let blind = try influxdump(["verify", sealed, "--json"])
        XCTAssertEqual(blind.status, 0, blind.stdout + blind.stderr)
        XCTAssertTrue(blind.stdout.contains("\"unchecked\""), blind.stdout)
        XCTAssertTrue(blind.stdout.contains(key.recipient), blind.stdout)
        let sums = try Shell.run("/bin/sh", ["-c", "cd \"$0\" && sha256sum -c checksums.sha256", sealed])
        XCTAssertEqual(sums.status, 0, "sha256sum -c: \(sums.stdout)\(sums.stderr)")
    }

    func testWrongMissingAndDamagedAreRefusedNamingTheFileAndNoSecretIsPrinted() throws {
        let server = try XCTUnwrap(Self.server)
        let key = try keygen("backup.key"), other = try keygen("other.key")
        let secret = try XCTUnwrap(
            try String(contentsOfFile: key.file, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("AGE-SECRET-KEY-") })
        let sealed = work + "/sealed"
        XCTAssertEqual(
            try influxdump(["dump", "--host", server.url, "-d", Self.db, "-o", sealed, "-q", "--recipient", key.recipient]).status, 0)
        let restore = ["restore", "--host", server.url, "-i", sealed, "--database-map", "\(Self.db)=refused", "-q"]
        let missing = try influxdump(restore)
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertEqual(
            missing.stderr,
            "influxdump: \(sealed): the archive is encrypted (age, to \(key.recipient)); give --identity FILE or INFLUXDUMP_IDENTITY_FILE\n"
        )
        let wrong = try influxdump(restore + ["--identity", other.file])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("\(sealed)/manifest.json.age") && wrong.stderr.contains("no identity matches"), wrong.stderr)
        // INFLUXDUMP_IDENTITY_FILE, and a warning for a key file others can read.
        chmod(key.file, 0o644)
        var env = ProcessInfo.processInfo.environment
        env["INFLUXDUMP_IDENTITY_FILE"] = key.file
        let viaEnv = try influxdump(["verify", sealed], environment: env)
        XCTAssertEqual(viaEnv.status, 0, viaEnv.stderr)
        XCTAssertTrue(viaEnv.stderr.contains("identity file \(key.file) is readable by other users"), viaEnv.stderr)
        // A flipped byte in the last chunk of a segment: without the identity its sha256, with it age too.
        let segment = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(atPath: sealed + "/segments").sorted().first.map { "segments/" + $0 })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: sealed + "/" + segment))
        bytes[bytes.count - 3] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: sealed + "/" + segment))
        let blind = try influxdump(["verify", sealed])
        XCTAssertEqual(blind.status, 1)
        XCTAssertTrue(blind.stdout.contains(segment) && blind.stdout.contains("does not match checksums.sha256"), blind.stdout)
        let full = try influxdump(["verify", sealed, "--identity", key.file])
        XCTAssertEqual(full.status, 1)
        XCTAssertTrue(full.stdout.contains(segment), full.stdout)
        for out in [missing, wrong, viaEnv, blind, full] {
            XCTAssertFalse((out.stdout + out.stderr).contains(secret), "the identity was printed")
        }
    }

    func testThePipeIsOneAgeFileEndToEnd() throws {
        let server = try XCTUnwrap(Self.server)
        let key = try keygen("pipe.key")
        let stream = work + "/stream.age"
        let script = "\"$0\" dump --host \"$1\" -d \"$2\" -o - -q --progress off --recipient \"$3\" > \"$4\""
        let dumped = try Shell.run("/bin/sh", ["-c", script, TestServer.executable, server.url, Self.db, key.recipient, stream])
        XCTAssertEqual(dumped.status, 0, dumped.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: stream)).prefix(21), Data("age-encryption.org/v1".utf8))
        // influxdump reads it with the identity; `age -d` turns it into the plain stream.
        let ours = try Shell.run(
            "/bin/sh",
            [
                "-c", "\"$0\" restore --host \"$1\" -i - -q --identity \"$2\" --database-map nasty=piped < \"$3\"", TestServer.executable,
                server.url, key.file, stream,
            ])
        XCTAssertEqual(ours.status, 0, ours.stderr)
        let theirs = try Shell.run(
            "/bin/sh",
            [
                "-c", "age -d -i \"$2\" \"$3\" | \"$0\" restore --host \"$1\" -i - -q --database-map nasty=aged", TestServer.executable,
                server.url, key.file, stream,
            ])
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        for target in ["piped", "aged"] {
            let diff = try DatabaseComparator(
                source: try server.client(), sourceDB: Self.db, destination: try server.client(), destinationDB: target
            ).compare()
            XCTAssertEqual(diff.differences.map(\.what), [], target)
        }
        // A cut stream is refused, naming the input.
        let cut = try Shell.run(
            "/bin/sh",
            [
                "-c", "head -c 20000 \"$3\" | \"$0\" restore --host \"$1\" -i - -q --identity \"$2\" -d cut", TestServer.executable,
                server.url, key.file, stream,
            ])
        XCTAssertNotEqual(cut.status, 0)
        XCTAssertTrue(cut.stderr.contains("standard input: age payload"), cut.stderr)
    }

    func testEncryptedIncrementalJobsChainWithTheirIdentityFile() throws {
        let server = try XCTUnwrap(Self.server)
        let key = try keygen("job.key")
        let file = work + "/job.yaml"
        let body = """
            name: sealed
            source: {url: \(server.url), databases: [\(Self.db)]}
            target:
              archive:
                path: \(work!)/archives
                keep_last: 1
                full_every: 1h
                encryption: {recipients: [\(key.recipient)], identity_file: \(key.file)}
            mode: incremental
            """
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        for run in 1...2 {
            let out = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
            XCTAssertEqual(out.status, 0, "run \(run): \(out.stderr)")
        }
        let keys = ArchiveKeys(identities: try AgeIdentityFile.load(key.file).identities)
        let archives = try ArchiveFolder(store: DirectoryStore(work + "/archives/sealed", keys: keys)).archives()
        XCTAssertEqual(archives.count, 2)
        XCTAssertEqual(archives.last?.manifest.parent?.path, archives.first?.name, "the second run continues the first")
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/archives/sealed/\(archives[0].name)/manifest.json.age"))
        // Without identity_file the job is refused when it is read, not when a run would need it.
        try body.replacingOccurrences(of: ", identity_file: \(key.file)", with: "").write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(
            refused.stderr.contains("mode: incremental, keep_* must read earlier encrypted archives: add identity_file"), refused.stderr)
    }
}
