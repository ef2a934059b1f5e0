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

    // MARK: - The corpus

    static let t0: Int64 = 1_600_000_000_000_000_000  // 2020-09-13, one 7-day shard group for most cases
    static func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Lines line protocol can carry. Each kind uses its own measurements so a difference names it.
    static func carried() -> [[UInt8]] {
        let t = "\(t0)"
        var out: [[UInt8]] = []
        /// `line` ends in " T": T becomes the common timestamp.
        func at(_ line: String) -> [UInt8] {
            precondition(line.hasSuffix(" T"), line)
            return b(String(line.dropLast()) + t)
        }
        // Measurement names: escapes, literal backslashes, quotes, comment look-alikes, unicode,
        // control bytes other than NUL/CR/LF, keywords, a lone "=", a very long name.
        for line in [
            #"m\ space,k=v f=1i T"#, #"m\,comma,k=v f=1i T"#, #"m=equals=twice,k=v f=1i T"#, #"m\back\slash f=1i T"#,
            #"m\\\\four f=1i T"#, #""dq" f=1i T"#, #"m"mid"quote f=1i T"#, #"'single' f=1i T"#, #"\#not_comment f=1i T"#,
            #"m#hash#mid f=1i T"#, #"\ leading_space f=1i T"#, "métrique,ville=Zürich f=1i T", "数据,标签=值 f=1i T",
            "m👍🏽emoji f=1i T", "e\u{301}combining,k=e\u{301} f=1i T", "\u{FEFF}bom f=1i T", "مقياس,مفتاح=قيمة f=1i T",
            "ctl\u{0B}vt f=1i T", "ctl\u{0C}ff f=1i T", "ctl\u{7F}del f=1i T", "ctl\u{01}soh f=1i T", "ctl\u{1B}esc f=1i T",
            "ctl\ttab f=1i T", #"=,k=v f=1i T"#, "time f=1i T", "SELECT,from=where where=1i T", "* f=1i T", "m.dot.ted f=1i T",
            "m/slash f=1i T", "1234 f=1i T",
        ] { out.append(at(line)) }
        out.append(b("L" + String(repeating: "x", count: 30_000) + " f=1i " + t))

        // Tag keys and values.
        for line in [
            #"tg,k\ sp=v\ sp,k\,c=v\,c,k\=e=v\=e f=1i T"#,
            #"tgbs,a=\lead,b=mid\dle,c=x\\y,d=x\\\\y f=1i T"#,
            #"tgbd,a=p\\,q,b=p\\=q,k\\=ey=v f=1i T"#,  // stored p\,q  p\=q  key k\=ey
            #"tgbsp,a=p\\ q f=1i T"#,  // stored p\ q
            #"tgq,q="quoted",s=it's,"qk"=v,m=a"b f=1i T"#,
            "tgu,ключ=значение,🔑=🗝 f=1i T",
            "tgc,t=a\u{0B}b,u=c\u{7F}d,w=tab\there,x=soh\u{01} f=1i T",
            #"tgtype,n=1i,b=true,f=1.5,s="x" v=1i T"#,
            #"tgdup,shared=tagside shared="fieldside",other=1i T"#,
            #"tgself,tgself=same tgself=1i T"#,
            #"tgtime,Time=a,TIME=b,_time=c,_measurement=d,_field=e,times=f f=1i T"#,
            #"tgcoll,val=t val=1,val_1=2i T"#,
            #"tgord,zz=1,aa=2,mm=3 f=1i T"#, #"tgord,aa=2,mm=3,zz=1 g=2i T"#,  // one series, one merged point
            #"tgsparse,a=1 f=1i T"#, #"tgsparse,b=2 f=2i T"#, #"tgsparse f=3i T"#, #"tgsparse,a=1,b=2 f=4i T"#,
            #"tgspace,\ =v,k=\  f=1i T"#,  // tag key " ", tag value " "
        ] { out.append(at(line)) }
        // 1.6.7's scanTags panics (HTTP 500) on exactly 100 or 200 tags: 199 and 255 here.
        for n in [199, 255] {
            out.append(b("tgmany\(n)" + (0..<n).map { ",k\(String(format: "%03d", $0))=v\($0)" }.joined() + " f=1i " + t))
        }
        out.append(b("tglong,k=" + String(repeating: "y", count: 10_000) + " f=1i " + t))

        // Field keys.
        for line in [
            #"fk f\ sp=1i,f\,c=2i,f\=e=3i,\"lead=4i,trail\"=5i,mid"raw=6i T"#,
            #"fkbs \lead=1i,mid\dle=2i,two\\bs=3i,q\\"x=4i T"#,
            #"fktime Time=1i,TIME=2i,_time=3i,time\ =4i,\ time=5i,"time"=6i,times=7i,time_1=8i,timestamp=9i T"#,
            "fku ключ=1i,🔑=2i,e\u{301}=3i T",
            "fkc a\u{0B}b=1i,c\u{7F}d=2i,tab\tkey=3i,soh\u{01}=4i T",
            #"fkkw select=1i,from=2i,where=3i,*=4i,\==5i,\ =6i T"#,
            #"fkself fkself=1i T"#,
            #"fkdrop f=1i,time=2i T"#,  // the server drops `time` itself
        ] { out.append(at(line)) }
        // NUL, CR and invalid UTF-8 in tag keys, tag values and field keys (not in measurement names:
        // see `suspects`).
        out += [
            b("nultk,k") + [0x00] + b("=v f=1 " + t), b("nultv,t=x") + [0x00] + b("y f=1 " + t), b("nulfk f") + [0x00] + b("g=1 " + t),
            b("crtk,a\rb=v f=1 " + t), b("crtv,t=a\rb f=1 " + t), b("crfk a\rb=1 " + t),
            b("utf8tk,") + [0xFF] + b("=v f=1 " + t), b("utf8tv,t=") + [0xC3] + b(" f=1 " + t), b("utf8fk ") + [0xFE] + b("=1 " + t),
        ]
        out.append(b("fkmany " + (0..<300).map { "f\($0)=\($0)i" }.joined(separator: ",") + " " + t))

        // Field values, one per timestamp.
        let floats = [
            "1", "-1", "1.", ".5", "-.5", "1e3", "1E-3", "6.02e+23", "0.1", "0.30000000000000004", "1.7976931348623157e308",
            "-1.7976931348623157e308", "2.2250738585072014e-308", "2.225073858507201e-308", "5e-324", "-5e-324", "-0.0", "0",
            "1e-400", "9007199254740993", "000.25", "1e22", "123456789.123456789", "3.141592653589793", "1e15", "1e16",
            "1e21", "4.9406564584124654e-324", "100", "-0", "0.000001", "1e-7", "12345678901234567890",
        ]
        for (i, v) in floats.enumerated() { out.append(b("flt v=\(v) \(t0 + Int64(i))")) }
        let ints = [
            "0i", "-0i", "007i", "-007i", "9223372036854775807i", "-9223372036854775808i", "1i", "-1i", "9007199254740993i",
            "-9007199254740993i", "4294967296i", "2147483648i",
        ]
        for (i, v) in ints.enumerated() { out.append(b("int v=\(v) \(t0 + Int64(i))")) }
        for (i, v) in ["t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"].enumerated() {
            out.append(b("bool v=\(v) \(t0 + Int64(i))"))
        }
        // String values as written (the server unescapes only \\ and \").
        var strings: [[UInt8]] = [
            b(#""""#), b(#"" ""#), b(#""\\""#), b(#""\\\\""#), b(#""\"\"""#), b(#""\\\"""#), b(#""odd \ lone""#), b(#""\n\t\r as text""#),
            b("\"raw\nnewline\""), b("\"crlf\r\nend\""), b("\"\n\""), b("\"\nlead\""), b("\"trail\n\""), b(#""comma, equals= space""#),
            b(#""f=1 2""#), b("\"x\\\" y=2 3\nstr s=\\\"inj\\\" 4\""), b("\"ünï😀中 e\u{301}\""), b(#""123""#), b(#""true""#),
            b("\"" + String(repeating: #"\\"#, count: 9) + "\""),
            b("\"nul") + [0x00] + b(" bad ") + [0xFF, 0xFE, 0xC3] + b(" overlong ") + [0xC0, 0x80] + b(" surrogate ") + [0xED, 0xA0, 0x80]
                + b("\""),
            b("\"\u{FEFF}bom\u{200D}zwj\u{202E}rtl\""),
        ]
        var big: [UInt8] = [0x22]
        for i in 0..<30_000 { big += b(#"ab\"c\\d"#) + [i % 7 == 0 ? 0x0A : 0x20] }
        big.append(0x22)
        strings.append(big)
        for (i, s) in strings.enumerated() { out.append(b("str s=") + s + b(" \(t0 + Int64(i))")) }

        // Duplicates: last value wins, field sets merge, a repeated key in one line.
        for line in ["dupt v=1i T", "dupt v=2i T", "dupm a=1i T", #"dupm b="x" T"#, "dupf v=1,v=2 T"] {
            out.append(at(line))
        }
        // One name, four types, four measurements.
        for (m, v) in [("xm_a", "1i"), ("xm_b", #""s""#), ("xm_c", "true"), ("xm_d", "1.5")] { out.append(b("\(m) v=\(v) \(t)")) }

        // Whitespace: runs of blanks, trailing blanks, leading blanks; comments and blank lines.
        out.append(b("ws   f=1i   \(t)   "))
        out.append(b("   wslead f=1i \(t)"))
        out.append(b("# a comment\n\nwsbody f=1i \(t)\n   # an indented comment\n"))
        return out
    }

    /// Cases spread over many shard groups, in their own RP (`spreadRP`), so that the comparison
    /// of the many one-group measurements above stays quick.
    static func spread() -> [[UInt8]] {
        var out: [[UInt8]] = []
        // One field, four types, four shard groups.
        for (v, ts) in [
            ("1i", "946684800000000000"), ("1.5", "1262304000000000000"), (#""s""#, "1420070400000000000"), ("true", "1577836800000000000"),
        ] {
            out.append(b("mix v=\(v) \(ts)"))
        }
        // Timestamps: both ends of the range, a 7-day group boundary (Monday 1969-12-29) and the
        // nanosecond before it, around zero, 2^53+1, leading zeros.
        for (i, ts) in [
            "-9223372036854775806", "-9223372036854775805", "-259200000000000", "-259200000000001", "-1", "0", "1",
            "9007199254740993", "1600000000123456789", "9223372036854775805", "9223372036854775806", "000123", "-000042",
        ].enumerated() {
            out.append(b("ts f=\(i).5 \(ts)"))
        }
        return out
    }

    /// Lines the server should refuse (recorded, not data), in their own database: a refused
    /// `time` field still creates an index entry.
    static let refusals: [String] = [
        "ref_b f=tRUE 1", "ref_u f=1u 1", "ref_nan f=NaN 1", "ref_plus f=+1.5 1", "ref_t,time=x f=1 1", "ref_tf time=1 1",
        "ref_ts f=1 9223372036854775807", "ref_ts2 f=1 -9223372036854775807", "ref_int f=9223372036854775808i 1", "ref_crlf f=1 1\r",
        "ref_dup,a=1,a=2 f=1 1", "ref_empty,a= f=1 1", "ref_hex f=0x10 1", #"ref_trail,t=v\ f=1 1"#, #"ref_fk fk\\=1 1"#,
    ]

    /// Field keys the server's own parser makes out of `k\\=` (the `=` and the next field are
    /// swallowed into the key): stored with `\` before `=`, which no line protocol writes back.
    static let lossyLines: [String] = [
        #"sw_a p\\=1,q=2 1000"#,
        #"sw_b,t=x keep=1i,p\\=5,q="s t" 1000"#,
        "plain_ctl,t=x f=1i 1000", #"plain_ctl2 s="ok" 1000"#,
        "into_src,t=a f=1,g=2 1000", "into_src,t=b f=3,g=4 2000",
    ]
    /// measurement → the stored name the finding must be about.
    static let expectedFindings: [String: String] = [
        "sw_a": #"p\=1,q"#, "sw_b": #"p\=5,q"#, "#hash": "#hash", "into_fk": #"a\,b"#,
    ]

    static let indexOnlyLines: [String] = [
        #"io1\\,t=1 f=1 1000"#, #"io2\\ x,t=1 f=1 1000"#, #"io3\\=x f=1 1000"#, #"io4\\"q f=1 1000"#, "io_ctl f=1 1000",
    ]

    /// Suspected weak spots, one database each.
    static var suspects: [String: [[UInt8]]] {
        [
            // Names with invalid UTF-8 (1.6.7 stores them as bytes; msgpack returns them raw). Two
            // measurements differ only in an invalid byte. (A measurement like `bad\xff\xfe` as
            // the first of a new shard is refused, HTTP 500 "proto: … contains invalid UTF-8",
            // yet left in the index: not used.)
            utf8DB: [b("utf8ctl f=1 1000"), b("col") + [0xFF] + b(" f=1 1000"), b("col") + [0xFE] + b(" f=2 1000")],
            // NUL and CR in measurement names (InfluxQL cannot quote them; a regex FROM matches them).
            nulCRDB: [b("nul") + [0x00] + b("m f=1 1000"), b("cr\rm f=1 1000"), b("nulcrctl f=1 1000")],
            // A tag key with `\ ` sorted before a tag value starting with `"`: InfluxDB's splitter
            // then sees a quote and reads on past the line end, but the same line alone (or last
            // in a request) is stored exactly.
            bsQuoteDB: [b(#"bsq,a\\ b=1,z="v f=1 1000"#), b("bsq_ctl f=1 1000")],
        ]
    }

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
        let manifest = try DirectoryArchiveReader.loadManifest(root: dir)
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
        let manifest = try DirectoryArchiveReader.loadManifest(root: dir)
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
        let manifest = try? DirectoryArchiveReader.loadManifest(root: dir)
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
        let manifest = try DirectoryArchiveReader.loadManifest(root: dir)
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
        if let manifest = try? DirectoryArchiveReader.loadManifest(root: dir) {
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

/// A database read back without ever turning a name into a `String`: measurements come from
/// SHOW MEASUREMENTS as bytes and are selected by an anchored regex (InfluxQL cannot quote NUL or
/// CR, and a quoted identifier with invalid UTF-8 matches nothing); the series of the answer are
/// then kept only when their name bytes are equal. Per RP; a measurement whose field has several types
/// is read one shard group at a time (a spanning query casts), the others a group at a time.
/// Every name and value is rendered as type and hex bytes / bit pattern.
struct Snapshot {
    var series: Set<String> = []
    var fieldKeys: Set<String> = []
    var points: Set<String> = []

    static func databases(_ c: InfluxClient) throws -> [String] {
        try SchemaDiscovery.rows(c.queryValues("SHOW DATABASES")).compactMap { $0.values.first?.stringValue }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "∅" }
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: bytes.count * 2)
        for (i, b) in bytes.enumerated() { out[2 * i] = digits[Int(b >> 4)]; out[2 * i + 1] = digits[Int(b & 15)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Type and exact bytes or bits of a value (DatabaseComparator's rendering, faster on long strings).
    static func render(_ v: MsgPackValue) -> String {
        switch v {
        case .string(let b): return "s:" + hex(b)
        case .binary(let b): return "x:" + hex(b)
        case .float(let d): return "f:" + String(d.bitPattern, radix: 16)
        case .int(let i): return "i:\(i)"
        case .bigUInt(let u): return "u:\(u)"
        case .bool(let b): return "b:\(b)"
        case .null: return "nil"
        case .ext(let t, let b): return "e\(t):" + hex(b)
        case .array(let a): return "[" + a.map(render).joined(separator: ",") + "]"
        case .map(let m): return "{" + m.map { render($0.0) + ":" + render($0.1) }.joined(separator: ",") + "}"
        }
    }

    /// The measurements (hex) that the given rendered points belong to.
    static func measurements(in points: Set<String>) -> Set<String> {
        Set(points.map { String($0.prefix { $0 != " " }) })
    }

    static func take(_ c: InfluxClient, _ db: String) throws -> Snapshot {
        var s = Snapshot()
        let comparator = DatabaseComparator(source: c, sourceDB: db, destination: c, destinationDB: db)
        for result in try c.queryValues("SHOW SERIES", database: db) {
            for series in result["series"]?.arrayValue ?? [] {
                for row in series["values"]?.arrayValue ?? [] { s.series.insert(Self.render(row.arrayValue?.first ?? .null)) }
            }
        }
        let windowsByRP = try comparator.shardGroups(c, db)
        for rp in try comparator.retentionPolicies(c, db).map(\.name) {
            let from = InfluxQL.identifier(db) + "." + InfluxQL.identifier(rp) + "."
            var multiTyped = Set<[UInt8]>()
            var measurements: [[UInt8]] = []
            var types: [[UInt8]: [[UInt8]: MsgPackValue]] = [:]
            for result in try c.queryValues("SHOW FIELD KEYS FROM \(InfluxQL.identifier(rp))./.*/", database: db) {
                for series in result["series"]?.arrayValue ?? [] {
                    guard case .string(let m)? = series["name"] else { continue }
                    measurements.append(m)
                    var seen = Set<[UInt8]>()
                    for row in series["values"]?.arrayValue ?? [] {
                        let cells = row.arrayValue ?? []
                        s.fieldKeys.insert(
                            Self.render(.string(Array(rp.utf8))) + " " + hex(m) + " " + cells.map(Self.render).joined(separator: " "))
                        if case .string(let k)? = cells.first, !seen.insert(k).inserted { multiTyped.insert(m) }
                        if case .string(let k)? = cells.first, cells.count > 1 { types[m, default: [:]][k] = cells[1] }
                    }
                }
            }
            // A field of several types: one shard group at a time.
            for m in measurements where multiTyped.contains(m) {
                for w in windowsByRP[rp] ?? [] {
                    try s.read(
                        c, from: from + "/^" + regexEscaped(m) + "$/", measurements: [m], window: w, database: db, comparator: comparator)
                }
            }
            // The others together, in groups where no field key has two types (a query over
            // several measurements casts such fields).
            var groups: [(names: Set<[UInt8]>, types: [[UInt8]: MsgPackValue])] = []
            for m in measurements where !multiTyped.contains(m) {
                let mine = types[m] ?? [:]
                if let g = groups.firstIndex(where: { g in
                    g.names.count < 40 && mine.allSatisfy { g.types[$0.key] == nil || g.types[$0.key] == $0.value }
                }) {
                    groups[g].names.insert(m)
                    groups[g].types.merge(mine) { a, _ in a }
                } else {
                    groups.append(([m], mine))
                }
            }
            for g in groups {
                let regex = "/^(" + g.names.map(regexEscaped).joined(separator: "|") + ")$/"
                try s.read(
                    c, from: from + regex, measurements: g.names, window: .init(start: Timestamp.minNano, end: .max, unbounded: true),
                    database: db, comparator: comparator)
            }
        }
        return s
    }

    /// Adds the points of the `measurements` (exactly these bytes) in window `w`.
    mutating func read(
        _ c: InfluxClient, from: String, measurements: Set<[UInt8]>, window w: DatabaseComparator.Window, database db: String,
        comparator: DatabaseComparator
    ) throws {
        let q = "SELECT * FROM \(from) WHERE time >= \(w.start)\(w.unbounded ? "" : " AND time < \(w.end)") GROUP BY *"
        for result in try c.queryValues(q, database: db) {
            for series in result["series"]?.arrayValue ?? [] {
                guard case .string(let m)? = series["name"], measurements.contains(m) else { continue }
                var tags: [String] = []
                if case .map(let items)? = series["tags"] {
                    for (k, v) in items { if case .string(let vb) = v, !vb.isEmpty { tags.append(Self.render(k) + "=" + Self.render(v)) } }
                }
                let columns = (series["columns"]?.arrayValue ?? []).map { v -> String in
                    if case .string(let b) = v { return Self.hex(b) } else { return Self.render(v) }
                }
                for row in series["values"]?.arrayValue ?? [] {
                    let cells = row.arrayValue ?? []
                    guard case .int(let t)? = cells.first else { points.insert("BAD ROW"); continue }
                    if t < w.start || t >= w.end { continue }
                    let fields = zip(columns, cells).dropFirst().filter { $0.1 != .null }.map { "\($0.0)=\(Self.render($0.1))" }
                    points.insert("\(Self.hex(m)) {\(tags.sorted().joined(separator: ","))} @\(t) \(fields.joined(separator: " "))")
                }
            }
        }
    }

    /// RE2 text matching exactly `name`: letters and digits as they are, every other scalar as
    /// `\x{…}`, an invalid UTF-8 byte as U+FFFD (the server's regexp sees it so; the exact
    /// name is checked on the answer).
    static func regexEscaped(_ name: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < name.count {
            let b = name[i]
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
                out.append(Character(Unicode.Scalar(b))); i += 1; continue
            }
            let n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            let chunk = Array(name[i..<min(i + n, name.count)])
            if let s = String(validating: chunk, as: UTF8.self), let scalar = s.unicodeScalars.first, s.unicodeScalars.count == 1 {
                out += "\\x{" + String(scalar.value, radix: 16) + "}"
                i += chunk.count
            } else {
                out += "\\x{fffd}"
                i += 1
            }
        }
        return out
    }
}
