import Foundation
import InfluxDump
import Logging
import XCTest

/// `dump --from-backup` against real `influxd backup -portable` folders of a real influxd: the
/// nasty-cases database and a database edited between snapshots (overwritten points in a newer
/// TSM file, DROP SERIES, DELETE … WHERE time, points still in the cache) restore point for
/// point equal to the source, as the HTTP dump of the same database does.
final class BackupDumpTests: SharedServerTestCase {
    static let nasty = "nasty db \"ü\""
    static let edited = "edited"
    static let ambiguous = "ambiguous"
    override class var workName: String { "nb" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try NastyDataset.load(into: s, database: nasty)
        try NastyDataset.loadAmbiguous(into: s, database: ambiguous)
        try s.restart()
        try loadEdited(into: s)
        return []
    }

    /// Two snapshots (each backup flushes the cache into a new TSM file), then deletes, then
    /// points left in the cache: the final backup's shard holds several TSM files, tombstones,
    /// and a snapshot of the cache.
    static func loadEdited(into s: TestServer) throws {
        try s.execute("CREATE DATABASE \(edited)")
        var first = ""
        for i in 0..<2000 { first += "m,host=h\(i % 7) v=\(i)i,s=\"x\(i)\" \(Int64(i) * 1_000_000_000)\n" }
        for i in 0..<500 { first += "gone,host=h\(i % 3) v=\(Double(i) / 3) \(Int64(i) * 1_000_000_000)\n" }
        for i in 0..<50 { first += "dropped,host=h\(i % 2) v=\(i)i \(Int64(i) * 1_000_000_000)\n" }
        try s.write(edited, Array(first.utf8))
        try snapshot(s)
        // Overwrites: the same timestamps with other values, in a newer file.
        var second = ""
        for i in stride(from: 0, to: 2000, by: 3) { second += "m,host=h\(i % 7) v=\(-i)i \(Int64(i) * 1_000_000_000)\n" }
        try s.write(edited, Array(second.utf8))
        try snapshot(s)
        for statement in [
            "DROP SERIES FROM \"m\" WHERE \"host\" = 'h3'", "DELETE FROM \"gone\" WHERE time >= 100s AND time < 200s",
            "DROP SERIES FROM \"gone\" WHERE \"host\" = 'h1'", "DROP MEASUREMENT \"dropped\"",
        ] {
            try s.client().queryValues(statement, database: edited, post: true)
        }
        try s.write(edited, Array("m,host=cache v=1i,s=\"in the cache\" 5000000000000\n".utf8))
    }

    /// Takes a portable backup of the whole server into a new folder.
    static func snapshot(_ s: TestServer) throws {
        let dir = try TestServer.workDirectory("nb-snap")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try backup(s, into: dir + "/b")
    }

    static func backup(_ s: TestServer, into dir: String, _ args: [String] = []) throws {
        let out = try Shell.run(TestServer.repositoryRoot + "/scripts/influxd-local.sh", ["backup", s.directory, dir] + args)
        guard out.status == 0 else { throw NSError(domain: "backup", code: 1, userInfo: [NSLocalizedDescriptionKey: out.stderr]) }
    }

    var logger: Logger {
        var l = Logger(label: "test")
        l.logLevel = .warning
        return l
    }

    func folder() throws -> String {
        let dir = try TestServer.workDirectory("nb")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// The archive `dumpFromBackup` wrote last.
    var lastArchive = ""

    /// Dumps `db` from a new backup into an archive, checks it, restores it as `copy`.
    func dumpFromBackup(_ s: TestServer, _ db: String, copy: String) throws -> Manifest {
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup")
        var options = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        options.databases = [db]
        options.fromBackup = dir + "/backup"
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir + "/archive"), logger: logger).run()
        XCTAssertEqual(try ArchiveVerifier(root: dir + "/archive").run().findings.map(\.description), [])
        try restore(s, dir + "/archive", db, as: copy)
        lastArchive = dir + "/archive"
        return manifest
    }

    func restore(_ s: TestServer, _ archive: String, _ db: String, as copy: String) throws {
        var restore = RestoreOptions(destination: ClientConfiguration(baseURL: s.url))
        restore.databaseMap = [db: copy]
        let restored = try Restorer(options: restore, logger: logger).run(source: try StoredArchiveReader(root: archive))
        XCTAssertEqual(restored.refusals, [])
    }

    func assertEqual(_ s: TestServer, _ a: String, _ b: String, atLeast: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try DatabaseComparator(source: s.client(), sourceDB: a, destination: s.client(), destinationDB: b).compare()
        XCTAssertEqual(result.differences.map(\.what), [], file: file, line: line)
        XCTAssertGreaterThan(result.points, atLeast, "the comparison saw too few points to mean anything", file: file, line: line)
    }

    func testNastyDatabaseFromItsBackupEqualsTheSourceAndTheHTTPDump() throws {
        let s = try liveServer()
        let manifest = try dumpFromBackup(s, Self.nasty, copy: "nb_nasty")
        XCTAssertEqual(manifest.findings, [])
        XCTAssertEqual(manifest.source?.kind, "influxd-backup-portable")
        XCTAssertEqual(
            manifest.databases.first?.retentionPolicies.map(\.name).sorted(), ["autogen", NastyDataset.hourRP, NastyDataset.oddRP].sorted())
        // A field with another type in each shard group keeps each type.
        XCTAssertEqual(
            Set(manifest.segments.filter { $0.measurement == "conflict" }.compactMap { $0.fields["f"] }),
            [[.integer], [.float], [.string], [.boolean]])
        try assertEqual(s, Self.nasty, "nb_nasty", atLeast: 25_000)
        // The archive checked against its live source, window by window (the 1677 group included).
        let against = try Shell.run(TestServer.executable, ["verify", lastArchive, "--against", s.url])
        XCTAssertEqual(against.status, 0, against.stdout + against.stderr)
        // The HTTP dump of the same database: the same lines, byte for byte (both paths share the
        // encoder; only the order of lines differs), and an equal restored copy.
        let http = try folder() + "/http"
        var options = DumpOptions(source: ClientConfiguration(baseURL: s.url))
        options.databases = [Self.nasty]
        let httpManifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: http), logger: logger).run()
        XCTAssertEqual(try lines(http, httpManifest), try lines(lastArchive, manifest))
        XCTAssertEqual(httpManifest.totalPoints, manifest.totalPoints)
        try restore(s, http, Self.nasty, as: "nb_nasty_http")
        try assertEqual(s, Self.nasty, "nb_nasty_http", atLeast: 25_000)
    }

    /// Every line of an archive's segments, sorted.
    func lines(_ archive: String, _ manifest: Manifest) throws -> [Substring] {
        var all: [Substring] = []
        for segment in manifest.segments {
            let out = try Shell.run("/usr/bin/env", ["zstd", "-dc", archive + "/" + segment.path])
            XCTAssertEqual(out.status, 0)
            all += out.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        }
        return all.sorted()
    }

    func testDeletesOverwritesAndTheCacheAreHonoured() throws {
        let s = try liveServer()
        let manifest = try dumpFromBackup(s, Self.edited, copy: "nb_edited")
        XCTAssertEqual(manifest.findings, [])
        try assertEqual(s, Self.edited, "nb_edited", atLeast: 1_500)
        // The premises: the overwritten value won, the deleted series and range are gone, the
        // cached point is there (checked on the copy, which the comparison found equal).
        let c = try s.client()
        let rows = { (q: String) in SchemaDiscovery.rows(try c.queryValues(q, database: "nb_edited")) }
        XCTAssertEqual(try rows("SELECT v FROM m WHERE time = 6s").first.flatMap { SchemaDiscovery.column("v", $0)?.intValue }, -6)
        XCTAssertEqual(try rows("SELECT count(v) FROM m WHERE host = 'h3'").count, 0)
        XCTAssertEqual(try rows("SELECT count(v) FROM dropped").count, 0)
        XCTAssertFalse(manifest.segments.contains { $0.measurement == "dropped" })
        XCTAssertEqual(try rows("SELECT count(v) FROM gone WHERE time >= 100s AND time < 200s").count, 0)
        XCTAssertEqual(
            try rows("SELECT s FROM m WHERE host = 'cache'").first.flatMap { SchemaDiscovery.column("s", $0)?.stringValue }, "in the cache")
    }

    /// The case the HTTP dump can only report (a field with other types later, in the first
    /// shard group after a restart, RoundTripTests): the backup holds the values, so they are carried.
    func testTheFirstShardGroupNextToOtherTypesIsCarriedExactly() throws {
        let s = try liveServer()
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup")
        var options = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        options.databases = [Self.ambiguous]
        options.fromBackup = dir + "/backup"
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir + "/archive"), logger: logger).run()
        XCTAssertEqual(manifest.findings, [])
        let expected = [
            "amb v=1i -9223372036854775806", "amb v=1.5 1609459200000000000", "plain v=1i -9223372036854775806",
            "amb2 s=\"text\" -9223372036854775806", "amb2 s=2.5 1609459200000000000",
        ]
        XCTAssertEqual(try lines(dir + "/archive", manifest).filter { !$0.isEmpty }.map(String.init), expected.sorted())
    }

    /// `dump --from-backup -o - | restore -i -`, as processes.
    func testThePipeFromABackupRestoresIdentically() throws {
        let s = try liveServer()
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup")
        let (dump, restore) = try Shell.pipe(
            (TestServer.executable, ["dump", "--from-backup", dir + "/backup", "-d", Self.edited, "-o", "-", "-q"]),
            (TestServer.executable, ["restore", "--host", s.url, "-i", "-", "-d", "nb_pipe", "-q"]))
        XCTAssertEqual(dump.status, 0, dump.stderr)
        XCTAssertEqual(restore.status, 0, restore.stderr)
        try assertEqual(s, Self.edited, "nb_pipe", atLeast: 1_500)
    }

    /// A flipped byte in a block: the dump fails, naming the backup's archive, the TSM file and
    /// the key, and leaves no archive.
    func testADamagedBlockFailsTheDumpNamingFileAndKey() throws {
        let s = try liveServer()
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup", ["-database", Self.edited])
        let archive = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir + "/backup").first { $0.hasSuffix(".tar.gz") })
        let work = dir + "/unpacked"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        XCTAssertEqual(try Shell.run("/usr/bin/env", ["tar", "-xzf", dir + "/backup/" + archive, "-C", work]).status, 0)
        let members = try XCTUnwrap(FileManager.default.enumerator(atPath: work)?.compactMap { $0 as? String })
        // The newest file: the snapshot of the cache, whose first block is a live key (a block
        // whose every value is deleted is never read, so its damage would not matter).
        let tsm = try XCTUnwrap(members.filter { $0.hasSuffix(".tsm") }.max())
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: work + "/" + tsm))
        try handle.seek(toOffset: 12)
        let byte = try XCTUnwrap(handle.readData(ofLength: 1).first)
        try handle.seek(toOffset: 12)
        handle.write(Data([byte ^ 0x5A]))
        try handle.close()
        XCTAssertEqual(
            try Shell.run("/usr/bin/env", ["tar", "-czf", dir + "/backup/" + archive, "-C", work] + members.filter { !$0.contains("/") })
                .status, 0)
        let out = try Shell.run(
            TestServer.executable, ["dump", "--from-backup", dir + "/backup", "-d", Self.edited, "-o", dir + "/archive", "-q"])
        XCTAssertEqual(out.status, 1, out.stderr)
        let name = String(tsm.split(separator: "/").last ?? "")
        XCTAssertTrue(out.stderr.contains("\(archive):\(name): key "), out.stderr)
        XCTAssertTrue(out.stderr.contains("damaged block: CRC-32 mismatch in the block at byte 5"), out.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/archive/manifest.json"))
    }

    /// A shard compacted at several levels: level-1 files (one per snapshot; each backup takes
    /// one) compacted by the server into higher levels, then newer level-1 files with
    /// overwrites on top of the compacted ones.
    func testAShardCompactedAtSeveralLevelsEqualsTheSource() throws {
        let s = try TestServer(dataSettings: "compact-full-write-cold-duration = \"2s\"")
        defer { s.destroy() }
        try s.execute("CREATE DATABASE levels")
        func batch(_ b: Int, sign: Int = 1) throws {
            let lines = (0..<200).map { i in
                "m,host=h\(i % 5) v=\(sign * (b * 200 + i))i,f=\(Double(i) / 7) \(Int64(b * 200 + i) * 1_000_000_000)"
            }
            try s.write("levels", Array((lines.joined(separator: "\n") + "\n").utf8))
        }
        for b in 0..<40 {
            try batch(b)
            if b % 4 == 3 { try Self.snapshot(s) }
        }
        let shardDir = s.directory + "/data/levels/autogen/1"
        let compacted = { () -> [String] in
            ((try? FileManager.default.contentsOfDirectory(atPath: shardDir)) ?? []).filter {
                $0.hasSuffix(".tsm") && !$0.hasSuffix("-000000001.tsm")
            }
        }
        let deadline = Date().addingTimeInterval(20)
        while compacted().isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        XCTAssertFalse(compacted().isEmpty, "the server compacted nothing")
        for b in stride(from: 0, to: 40, by: 7) { try batch(b, sign: -1) }  // overwrites, in new level-1 files
        for b in 40..<45 {
            try batch(b)
            try Self.snapshot(s)
        }
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup")
        // The premise: the backed-up shard holds a compacted file and newer level-1 files.
        let archive = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir + "/backup").first { $0.hasSuffix(".tar.gz") })
        let members = try Shell.run("/usr/bin/env", ["tar", "-tzf", dir + "/backup/" + archive]).stdout.split(separator: "\n")
        let tsm = members.filter { $0.hasSuffix(".tsm") }
        XCTAssertTrue(tsm.contains { !$0.hasSuffix("-000000001.tsm") }, "\(tsm)")
        XCTAssertTrue(tsm.contains { $0.hasSuffix("-000000001.tsm") }, "\(tsm)")
        var options = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        options.databases = ["levels"]
        options.fromBackup = dir + "/backup"
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir + "/archive"), logger: logger).run()
        XCTAssertEqual(manifest.findings, [])
        XCTAssertEqual(manifest.totalPoints, 45 * 200)
        try restore(s, dir + "/archive", "levels", as: "levels_copy")
        let result = try DatabaseComparator(source: s.client(), sourceDB: "levels", destination: s.client(), destinationDB: "levels_copy")
            .compare()
        XCTAssertEqual(result.differences.map(\.what), [])
        XCTAssertEqual(result.points, 45 * 200)
    }

    /// A backup limited to one database still holds the whole metastore: dumping another
    /// database of it says, per shard, that its points are not in the backup.
    func testShardsTheBackupLacksAreNamedInTheManifest() throws {
        let s = try liveServer()
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup", ["-database", Self.edited])
        var options = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        options.databases = [Self.ambiguous]
        options.fromBackup = dir + "/backup"
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir + "/archive"), logger: logger).run()
        XCTAssertEqual(manifest.totalPoints, 0)
        let notes = manifest.notes ?? []
        XCTAssertFalse(notes.isEmpty)
        XCTAssertTrue(
            notes.allSatisfy {
                $0.contains("of ambiguous/autogen")
                    && $0.hasSuffix("is in the metastore but not in the backup: its points are not in this archive")
            }, "\(notes)")
    }

    /// `--from-data-dir` on a real server's files: refused while it runs; once stopped, its TSM
    /// files, tombstones and WAL (writes, an overwrite of a point in a TSM file, a DELETE over
    /// both, writes after it) give what the server answers after it starts again.
    func testAStoppedServersDataDirectoryEqualsTheSource() throws {
        let s = try TestServer()
        defer { s.destroy() }
        try s.execute("CREATE DATABASE live")
        let line = { (i: Int, v: Int) in "w,host=h\(i % 3) v=\(v)i,s=\"s\(i)\" \(Int64(i) * 1_000_000_000)" }
        try s.write("live", Array(((0..<300).map { line($0, $0) }.joined(separator: "\n") + "\n").utf8))
        try Self.snapshot(s)  // in a TSM file from here on
        try s.write("live", Array(((300..<400).map { line($0, $0) } + [line(5, -5)]).joined(separator: "\n").utf8 + [0x0A]))
        try s.client().queryValues("DELETE FROM w WHERE time >= 100s AND time < 350s", database: "live", post: true)
        try s.write("live", Array((line(120, 120) + "\n").utf8))  // after the delete: kept
        let dir = try folder()
        let refused = try Shell.run(TestServer.executable, ["dump", "--from-data-dir", s.directory, "-o", dir + "/refused", "-q"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("in use by process"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("stop it first, or take `influxd backup -portable`"), refused.stderr)
        s.stop()
        var options = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        options.databases = ["live"]
        options.fromBackup = s.directory
        options.nativeKind = .dataDirectory
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir + "/archive"), logger: logger).run()
        XCTAssertEqual(manifest.source?.kind, "influxd-data-dir")
        XCTAssertEqual(manifest.findings, [])
        // 400 points, less 100..<350 deleted (250), plus the point written after the delete.
        XCTAssertEqual(manifest.totalPoints, 400 - 250 + 1)
        try s.restart()
        try restore(s, dir + "/archive", "live", as: "live_copy")
        let result = try DatabaseComparator(source: s.client(), sourceDB: "live", destination: s.client(), destinationDB: "live_copy")
            .compare()
        XCTAssertEqual(result.differences.map(\.what), [])
        XCTAssertEqual(result.points, 151)
        let v = SchemaDiscovery.rows(try s.client().queryValues("SELECT v FROM w WHERE time = 5s", database: "live_copy"))
        XCTAssertEqual(v.first.flatMap { SchemaDiscovery.column("v", $0)?.intValue }, -5, "the WAL's overwrite wins over the TSM file")
    }

    /// An interrupted dump from a backup resumes from its journal with the same backup, and is
    /// refused with another one.
    func testAnInterruptedDumpFromABackupResumes() throws {
        let s = try liveServer()
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup")
        try Self.backup(s, into: dir + "/other")
        var options = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        options.databases = [Self.nasty]
        options.fromBackup = dir + "/backup"
        options.jobs = 1
        let first = StopAfterOneQuery(try DirectoryArchiveWriter(root: dir + "/archive"))
        XCTAssertThrowsError(try Dumper(options: options, sink: first, logger: logger).run())
        first.inner.releaseLock()  // as a killed process would
        var elsewhere = options
        elsewhere.fromBackup = dir + "/other"
        XCTAssertThrowsError(
            try Dumper(options: elsewhere, sink: try DirectoryArchiveWriter(root: dir + "/archive", resume: true), logger: logger).run()
        ) { error in XCTAssertTrue("\(error)".contains("resume it with the same"), "\(error)") }
        let resumed = try DirectoryArchiveWriter(root: dir + "/archive", resume: true)
        XCTAssertEqual(resumed.resumeState?.completed.count, 1)
        let manifest = try Dumper(options: options, sink: resumed, logger: logger).run()
        XCTAssertEqual(manifest.findings, [])
        XCTAssertEqual(try ArchiveVerifier(root: dir + "/archive").run().findings.map(\.description), [])
        try restore(s, dir + "/archive", Self.nasty, as: "nb_resumed")
        try assertEqual(s, Self.nasty, "nb_resumed", atLeast: 25_000)
    }

    /// A full run and a later `-since` run in one folder: each copy of a shard is only part of
    /// it, so the dump refuses (naming the shard and both runs) instead of taking one.
    func testAFolderWithASinceRunIsRefused() throws {
        let s = try liveServer()
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup", ["-database", Self.edited])
        Thread.sleep(forTimeInterval: 1.1)  // run names are whole seconds
        try s.write(Self.edited, Array("m,host=later v=1i 6000000000000\n".utf8))
        try Self.backup(s, into: dir + "/backup", ["-database", Self.edited, "-since", "2000-01-01T00:00:00Z"])
        let out = try Shell.run(
            TestServer.executable, ["dump", "--from-backup", dir + "/backup", "-d", Self.edited, "-o", dir + "/archive", "-q"])
        XCTAssertEqual(out.status, 2, out.stderr)
        XCTAssertTrue(out.stderr.contains("is in more than one backup run"), out.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/archive/manifest.json"))
    }

    /// `--start`, `--end` (exclusive), `--retention` and `-m` select from a backup exactly what
    /// they select over HTTP: the same lines.
    func testFiltersSelectWhatTheyDoOverHTTP() throws {
        let s = try liveServer()
        let dir = try folder()
        try Self.backup(s, into: dir + "/backup")
        let d2021: Int64 = 1_609_459_200_000_000_000
        for (n, filter) in [
            (
                0,
                { (o: inout DumpOptions) in
                    o.start = 3; o.end = d2021
                }
            ),
            (
                1,
                { (o: inout DumpOptions) in
                    o.retentionPolicies = ["autogen"]; o.measurements = ["/^(ints|conflict)$/"]
                }
            ),
            (
                2,
                { (o: inout DumpOptions) in
                    o.end = 2; o.retentionPolicies = [NastyDataset.hourRP]
                }
            ),
        ] {
            var native = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
            native.databases = [Self.nasty]
            native.fromBackup = dir + "/backup"
            filter(&native)
            var http = DumpOptions(source: ClientConfiguration(baseURL: s.url))
            http.databases = [Self.nasty]
            filter(&http)
            let a = try Dumper(options: native, sink: try DirectoryArchiveWriter(root: dir + "/n\(n)"), logger: logger).run()
            let b = try Dumper(options: http, sink: try DirectoryArchiveWriter(root: dir + "/h\(n)"), logger: logger).run()
            XCTAssertEqual(try lines(dir + "/n\(n)", a), try lines(dir + "/h\(n)", b), "filter \(n)")
            XCTAssertGreaterThan(a.totalPoints, 0, "filter \(n) selected nothing")
        }
    }

    /// The nasty-cases database from a stopped server's data directory: once in TSM files (a
    /// snapshot), once only in the WAL, each equal to the source point for point after restart.
    func testNastyDatabasesFromADataDirectoryEqualTheSource() throws {
        let s = try TestServer()
        defer { s.destroy() }
        try NastyDataset.load(into: s, database: "nasty tsm")
        try Self.snapshot(s)
        try NastyDataset.load(into: s, database: "nasty wal")
        s.stop()
        let dir = try folder()
        var options = DumpOptions(source: ClientConfiguration(baseURL: "http://127.0.0.1:1"))
        options.fromBackup = s.directory
        options.nativeKind = .dataDirectory
        let manifest = try Dumper(options: options, sink: try DirectoryArchiveWriter(root: dir + "/archive"), logger: logger).run()
        XCTAssertEqual(manifest.findings, [])
        XCTAssertEqual(Set(manifest.databases.map(\.name)), ["nasty tsm", "nasty wal"])
        try s.restart()
        for db in ["nasty tsm", "nasty wal"] {
            try restore(s, dir + "/archive", db, as: db + " copy")
            try assertEqual(s, db, db + " copy", atLeast: 25_000)
        }
    }
}
