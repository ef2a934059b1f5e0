import Foundation
import InfluxDump
import XCTest

/// An outside corpus: the *kinds* of tricky but valid line protocol InfluxDB 1.x accepts, as its
/// own parser tests exercise them (models/points_test.go, the line-protocol-corpus decode cases,
/// influx_inspect export's escaping cases), written afresh here by someone who did not write the
/// tool. Every line goes to a real influxd in its own /write; refused lines are recorded (they
/// are not data). Then the built `influxdump` dumps, verifies (also `--against` the server),
/// restores, and pipes `dump -o - | restore -i -`; source and copies are compared point for
/// point, with `DatabaseComparator` and with an independent snapshot that never turns a name
/// into a Swift `String` (names here hold control bytes, U+0001 and invalid UTF-8).
///
/// Databases:
/// - `corpusDB`: everything line protocol can carry: must arrive identical, no findings.
/// - `lossyDB`: stored names line protocol cannot write back (a field key with `\` before `=`
///   made by the server's own parser, InfluxQL-made `#…` measurement and `a\,b` field key):
///   each must be a manifest finding, everything else identical.
/// - `indexOnlyDB`: measurements with `\` before `,` ` ` `=` `"`: 204 on write, listed by the
///   index, unreadable by SELECT (API facts §0.5).
/// - one database per suspected weak spot (`suspects`), so that each shows on its own.
final class OutsideCorpusTests: SharedServerTestCase {
    override class var workName: String { "outside" }

    static let corpusDB = "outside corpus ü"
    static let spreadRP = "spread ⌛"
    static let lossyDB = "outside lossy"
    static let indexOnlyDB = "outside indexonly"
    static let refusedDB = "outside refused"
    static let utf8DB = "outside utf8"
    static let nulCRDB = "outside nulcr"
    static let bsQuoteDB = "outside bsquote"

    /// What the server said to each line: accepted lines per database, refused ones with the error.
    struct WriteLog {
        var accepted: [String: [[UInt8]]] = [:]
        var refused: [(db: String, line: [UInt8], error: String)] = []
    }
    nonisolated(unsafe) static var log = WriteLog()

    // MARK: - Loading

    override class func prepare(_ s: TestServer) throws -> [String] {
        let c = try s.client()
        var log = WriteLog()
        func load(_ db: String, rp: String? = nil, _ lines: [[UInt8]]) throws {
            try s.execute("CREATE DATABASE \(InfluxQL.identifier(db))")
            for line in lines {
                do {
                    try line.withUnsafeBytes { try c.write(database: db, retentionPolicy: rp, body: $0) }
                    log.accepted[db, default: []].append(line)
                } catch {
                    log.refused.append((db, line, "\(error)"))
                }
            }
        }
        try load(corpusDB, carried())
        try s.execute(
            "CREATE RETENTION POLICY \(InfluxQL.identifier(spreadRP)) ON \(InfluxQL.identifier(corpusDB)) DURATION INF REPLICATION 1")
        try load(corpusDB, rp: spreadRP, spread())
        try load(refusedDB, refusals.map(b))
        try load(lossyDB, lossyLines.map(b))
        try s.execute(
            "SELECT f INTO \(InfluxQL.source(database: lossyDB, retentionPolicy: "autogen", measurement: "#hash")) FROM "
                + "\(InfluxQL.source(database: lossyDB, retentionPolicy: "autogen", measurement: "into_src")) GROUP BY *")
        try s.execute(
            "SELECT g AS \(InfluxQL.identifier(#"a\,b"#)) INTO \(InfluxQL.source(database: lossyDB, retentionPolicy: "autogen", measurement: "into_fk")) FROM "
                + "\(InfluxQL.source(database: lossyDB, retentionPolicy: "autogen", measurement: "into_src")) GROUP BY *")
        try load(indexOnlyDB, indexOnlyLines.map(b))
        for (db, lines) in suspects { try load(db, lines) }
        Self.log = log
        return []
    }

    func live() throws -> TestServer {
        if let e = Self.setupError { throw e }
        return try XCTUnwrap(Self.server)
    }

    // MARK: - Tests

    func testTheServerAcceptedTheCorpusAndRefusedOnlyTheRefusals() throws {
        _ = try live()
        let unexpected = Self.log.refused.filter { $0.db != Self.refusedDB }
        XCTAssertEqual(
            unexpected.map { "\($0.db): \(Self.show($0.line)) → \($0.error)" }, [], "a corpus line was refused: the corpus lost a case")
        let refused = Set(Self.log.refused.filter { $0.db == Self.refusedDB }.map(\.line))
        for line in Self.refusals.map(Self.b) {
            XCTAssertTrue(refused.contains(line), "expected a refusal of \(Self.show(line))")
        }
        XCTAssertGreaterThan(Self.log.accepted[Self.corpusDB]?.count ?? 0, 160)
    }

    /// dump → verify → verify --against → restore, then the pipe; both copies identical.
    func testCorpusRoundTripsThroughDirectoryAndPipe() throws {
        let server = try live()
        let exe = TestServer.executable
        let dir = work + "/archive"
        let dump = try Shell.run(exe, ["dump", "--host", server.url, "-d", Self.corpusDB, "-o", dir, "-q"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let manifest = try StoredArchiveReader.loadManifest(root: dir)
        XCTAssertEqual(manifest.findings, [], "the corpus holds nothing line protocol cannot carry")
        XCTAssertTrue(manifest.complete)

        let verify = try Shell.run(exe, ["verify", dir])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        let against = try Shell.run(exe, ["verify", dir, "--against", server.url])
        XCTAssertEqual(against.status, 0, against.stdout + against.stderr)

        let restore = try Shell.run(
            exe, ["restore", "--host", server.url, "-i", dir, "--database-map", "\(Self.corpusDB)=outside_copy_dir", "-q"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        try assertIdentical(server, Self.corpusDB, "outside_copy_dir", minimumPoints: 150)

        let (pd, pr) = try Shell.pipe(
            (exe, ["dump", "--host", server.url, "-d", Self.corpusDB, "-o", "-", "-q"]),
            (exe, ["restore", "--host", server.url, "-i", "-", "--database-map", "\(Self.corpusDB)=outside_copy_pipe", "-q"]))
        XCTAssertEqual(pd.status, 0, pd.stderr)
        XCTAssertEqual(pr.status, 0, pr.stderr)
        let a = try Snapshot.take(server.client(), Self.corpusDB), b = try Snapshot.take(server.client(), "outside_copy_pipe")
        Self.assertSame(a, b, "pipe copy")
    }

    /// Exactly the stored names line protocol cannot write are findings (loudly: exit 1); the
    /// rest of that database arrives identical.
    func testWhatLineProtocolCannotCarryIsAFindingAndNothingElse() throws {
        let server = try live()
        let exe = TestServer.executable
        let dir = work + "/lossy"
        let dump = try Shell.run(exe, ["dump", "--host", server.url, "-d", Self.lossyDB, "-o", dir, "-q"])
        XCTAssertEqual(dump.status, 1, "findings make the dump fail loudly: \(dump.stderr)")
        let manifest = try StoredArchiveReader.loadManifest(root: dir)
        // The causes: one finding per stored name line protocol cannot write, naming it.
        var rest = manifest.findings
        for (m, name) in Self.expectedFindings.sorted(by: { $0.key < $1.key }) {
            let hits = rest.filter { ($0.contains("measurement \(m):") || $0.contains("measurement \"\(m)\":")) && $0.contains(name) }
            XCTAssertEqual(hits.count, 1, "one finding names \(m) \(name.debugDescription): \(manifest.findings)")
            rest.removeAll { hits.contains($0) }
        }
        // Anything else must be about carryable data (a wrong refusal) or a repetition of a cause.
        let repeats = rest.filter { f in
            Self.expectedFindings.keys.contains { f.contains("measurement \($0):") } && f.contains("has no writable field")
        }
        XCTAssertEqual(rest.filter { !repeats.contains($0) }, [], "findings about data line protocol can carry")
        XCTAssertEqual(
            repeats, [],
            "the same cause reported again, once per point (a measurement of a million such points "
                + "would list a million findings, and the lost count is inflated)")
        XCTAssertEqual(try Shell.run(exe, ["verify", dir]).status, 0)

        let restore = try Shell.run(
            exe, ["restore", "--host", server.url, "-i", dir, "--database-map", "\(Self.lossyDB)=outside_copy_lossy", "-q"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        let a = try Snapshot.take(server.client(), Self.lossyDB), b = try Snapshot.take(server.client(), "outside_copy_lossy")
        let lossy = Set(Self.expectedFindings.keys.map { Snapshot.hex(Self.b($0)) })
        let differing = Snapshot.measurements(in: a.points.symmetricDifference(b.points))
        XCTAssertEqual(differing.subtracting(lossy), [], "only the findings' measurements may differ")
        for m in ["plain_ctl", "plain_ctl2", "into_src"] {
            XCTAssertFalse(differing.contains(Snapshot.hex(Self.b(m))), "\(m) must arrive identical")
        }
        // The other field of a point with one unwritable key is still carried.
        XCTAssertTrue(
            b.points.contains { $0.hasPrefix(Snapshot.hex(Self.b("sw_b")) + " ") && $0.contains(Snapshot.hex(Self.b("keep")) + "=i:1") },
            "sw_b keep=1i must arrive: \(b.points.filter { $0.hasPrefix(Snapshot.hex(Self.b("sw_b"))) })")
    }

    /// Series the index lists but SELECT cannot read (written with 204): the dump cannot carry
    /// them, but it must not pass over them in silence (a finding, a warning or a failure).
    func testIndexOnlySeriesAreNotDroppedSilently() throws {
        let server = try live()
        let exe = TestServer.executable
        let dir = work + "/indexonly"
        let dump = try Shell.run(exe, ["dump", "--host", server.url, "-d", Self.indexOnlyDB, "-o", dir])
        let manifest = try? StoredArchiveReader.loadManifest(root: dir)
        let restore = try Shell.run(
            exe, ["restore", "--host", server.url, "-i", dir, "--database-map", "\(Self.indexOnlyDB)=outside_copy_io", "-q"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        let a = try Snapshot.take(server.client(), Self.indexOnlyDB), b = try Snapshot.take(server.client(), "outside_copy_io")
        XCTAssertEqual(a.points, b.points, "every readable point arrives")
        let missing = a.series.subtracting(b.series)
        XCTAssertEqual(missing.count, 4, "exactly the four unreadable series are missing: \(missing.sorted())")
        let said =
            dump.status != 0 || !(manifest?.findings.isEmpty ?? true) || dump.stderr.lowercased().contains("io1")
            || dump.stderr.lowercased().contains("series")
        XCTAssertTrue(
            said,
            "the dump said nothing about \(missing.count) series SHOW SERIES lists and SELECT cannot read "
                + "(exit \(dump.status), findings \(manifest?.findings ?? []), stderr \(dump.stderr.debugDescription))")
    }

    /// Measurement names that are not valid UTF-8 (1.6.7 stores them from /write): InfluxQL can
    /// reach them only merged (every invalid byte reads as U+FFFD, and a query over several
    /// measurements casts their values), so they cannot be carried exactly. They were dropped in
    /// silence; now each is a finding naming its bytes (exit 1), and everything else arrives.
    func testInvalidUTF8NamesAreFindingsAndTheRestArrives() throws {
        let server = try live()
        let exe = TestServer.executable
        let dir = work + "/utf8"
        let dump = try Shell.run(exe, ["dump", "--host", server.url, "-d", Self.utf8DB, "-o", dir, "-q"])
        XCTAssertEqual(dump.status, 1, "a loud failure: \(dump.stderr)")
        let manifest = try StoredArchiveReader.loadManifest(root: dir)
        XCTAssertEqual(manifest.findings.filter { $0.contains("is not valid UTF-8") }.count, 2, "\(manifest.findings)")
        XCTAssertTrue(manifest.findings.contains { $0.contains("(bytes 63 6f 6c ff)") }, "\(manifest.findings)")
        XCTAssertTrue(manifest.findings.contains { $0.contains("(bytes 63 6f 6c fe)") }, "\(manifest.findings)")
        let restore = try Shell.run(
            exe, ["restore", "--host", server.url, "-i", dir, "--database-map", "\(Self.utf8DB)=outside_copy_utf8", "-q"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        let a = try Snapshot.take(server.client(), Self.utf8DB), b = try Snapshot.take(server.client(), "outside_copy_utf8")
        XCTAssertEqual(
            Snapshot.measurements(in: a.points.subtracting(b.points)),
            [Snapshot.hex(Self.b("col") + [0xFE]), Snapshot.hex(Self.b("col") + [0xFF])])
        XCTAssertTrue(b.points.contains { $0.hasPrefix(Snapshot.hex(Self.b("utf8ctl")) + " ") }, "the valid measurement arrives")
    }
    func testNULAndCRInNamesArrive() throws { try assertSuspectRoundTrips(Self.nulCRDB, copy: "outside_copy_nulcr") }
    func testBackslashSpaceTagKeyBeforeQuotedTagValueArrives() throws {
        try assertSuspectRoundTrips(Self.bsQuoteDB, copy: "outside_copy_bsq")
    }

    // MARK: - Helpers

    func assertSuspectRoundTrips(_ db: String, copy: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let server = try live()
        let exe = TestServer.executable
        let dir = work + "/suspect"
        XCTAssertEqual(
            Self.log.refused.filter { $0.db == db }.map { Self.show($0.line) }, [], "the server stored every case", file: file, line: line)
        let dump = try Shell.run(exe, ["dump", "--host", server.url, "-d", db, "-o", dir, "-q"])
        XCTAssertEqual(dump.status, 0, "dump: \(dump.stderr)", file: file, line: line)
        if let manifest = try? StoredArchiveReader.loadManifest(root: dir) {
            XCTAssertEqual(manifest.findings, [], "data line protocol can carry was refused", file: file, line: line)
            let verify = try Shell.run(exe, ["verify", dir])
            XCTAssertEqual(verify.status, 0, "verify: \(verify.stdout)\(verify.stderr)", file: file, line: line)
            let against = try Shell.run(exe, ["verify", dir, "--against", server.url])
            XCTAssertEqual(against.status, 0, "verify --against: \(against.stdout)\(against.stderr)", file: file, line: line)
            let restore = try Shell.run(exe, ["restore", "--host", server.url, "-i", dir, "--database-map", "\(db)=\(copy)", "-q"])
            XCTAssertEqual(restore.status, 0, "restore: \(restore.stderr)", file: file, line: line)
        } else {
            XCTFail("no archive was published", file: file, line: line)
        }
        let a = try Snapshot.take(server.client(), db)
        guard try Snapshot.databases(server.client()).contains(copy) else { return XCTFail("nothing was restored", file: file, line: line) }
        Self.assertSame(a, try Snapshot.take(server.client(), copy), db, file: file, line: line)
    }

    func assertIdentical(
        _ server: TestServer, _ source: String, _ copy: String, minimumPoints: Int, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try DatabaseComparator(source: server.client(), sourceDB: source, destination: server.client(), destinationDB: copy)
            .compare()
        XCTAssertEqual(result.differences.map(\.what), [], file: file, line: line)
        XCTAssertGreaterThan(result.points, minimumPoints, "the comparison saw too few points to mean anything", file: file, line: line)
        let a = try Snapshot.take(server.client(), source), b = try Snapshot.take(server.client(), copy)
        Self.assertSame(a, b, copy, file: file, line: line)
        XCTAssertGreaterThan(a.points.count, minimumPoints, file: file, line: line)
    }

    static func assertSame(_ a: Snapshot, _ b: Snapshot, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        func cut(_ s: Set<String>) -> [String] { s.sorted().prefix(6).map { $0.count > 300 ? String($0.prefix(300)) + "…" : $0 } }
        XCTAssertEqual(cut(a.series.subtracting(b.series)), [], "\(what): series missing from the copy", file: file, line: line)
        XCTAssertEqual(cut(b.series.subtracting(a.series)), [], "\(what): unexpected series in the copy", file: file, line: line)
        XCTAssertEqual(cut(a.fieldKeys.symmetricDifference(b.fieldKeys)), [], "\(what): SHOW FIELD KEYS differs", file: file, line: line)
        XCTAssertEqual(cut(a.points.subtracting(b.points)), [], "\(what): points missing or changed in the copy", file: file, line: line)
        XCTAssertEqual(cut(b.points.subtracting(a.points)), [], "\(what): unexpected points in the copy", file: file, line: line)
    }

    static func show(_ line: [UInt8]) -> String {
        let s = String(decoding: line, as: UTF8.self)
        return (s.count > 120 ? String(s.prefix(120)) + "…" : s).debugDescription
    }
}
