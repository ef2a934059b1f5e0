import Foundation
import InfluxDump

/// The outside corpus itself: the lines written, by kind, and what each must give.
extension OutsideCorpusTests {
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
}
