import Foundation

/// A database of the cases that break naive InfluxDB backups (see API facts): several RPs with
/// odd names and shard durations, a field whose type differs per shard group, int64 and float
/// extremes, -0.0, strings with raw line feeds, quotes, backslashes and invalid UTF-8, escaped
/// names, InfluxQL keywords, a tag and a field sharing a key, sparse fields, timestamps at both
/// ends of the int64 range, and a series long enough to span several response chunks.
///
/// Every line is written by hand here (not by the encoder under test).
enum NastyDataset {
    static let oddRP = "r\"p ü"
    static let hourRP = "hourly"

    static func load(into server: TestServer, database db: String) throws {
        try server.execute("CREATE DATABASE \(q(db))")
        try server.execute("CREATE RETENTION POLICY \(q(oddRP)) ON \(q(db)) DURATION INF REPLICATION 1 SHARD DURATION 1d")
        try server.execute("CREATE RETENTION POLICY \(q(hourRP)) ON \(q(db)) DURATION INF REPLICATION 1 SHARD DURATION 1h")

        let d2019: Int64 = 1_546_300_800_000_000_000, d2021: Int64 = 1_609_459_200_000_000_000
        let d2022: Int64 = 1_640_995_200_000_000_000, d2023: Int64 = 1_672_531_200_000_000_000
        var lp = """
            conflict,h=a f=1i \(d2019)
            conflict,h=b f=2i \(d2019 + 1)
            conflict,h=a f=1.5 \(d2021)
            conflict,h=a f="str" \(d2022)
            conflict,h=a f=true \(d2023)
            ints v=9223372036854775807i 1
            ints v=-9223372036854775808i 2
            ints v=0i 3
            ints v=-1i 4
            ints v=9007199254740993i 5
            floats v=2.0 1
            floats v=-0.0 2
            floats v=5e-324 3
            floats v=1.7976931348623157e308 4
            floats v=1e20 5
            floats v=0.1 6
            floats v=123456789012345678 7
            floats v=1e-300 8
            floats v=-2.2250738585072014e-308 9
            bools v=t 1
            bools v=F 2
            bools v=TRUE 3
            bools v=false 4
            strs s="q\\"uote" 1
            strs s="back\\\\slash" 2
            strs s="ends\\\\" 3
            strs s="" 4
            strs s="ünï😀中 e\u{301}" 5
            strs s="tab\there" 6
            strs s="two\nlines\nand \\"quotes\\" in them" 7
            strs s="cr\rhere" 8
            m1\\ sp,t=1 f=1 1
            m2\\,cm,t=1 f=1 1
            m3=eq,t=1 f=1 1
            m5\\\\bs,t=1 f=1 1
            m6\\bs,t=1 f=1 1
            m7"q,t=1 f=1 1
            m8ü😀,t=1 f=1 1
            m9\ttab,t=1 f=1 1
            \\#m11,t=1 f=1 1
            \\ m13,t=1 f=1 1
            tags,k\\ sp=v\\ sp,k\\,cm=v\\,cm,k\\=eq=v\\=eq,kbs2\\x=v\\x,kq"=v"q f=1 1
            fkeys f\\ sp=1,f\\,cm=2,f\\=eq=3,fq\\"=4,f\\\\x=5,ü=6 1
            select,from=where from=1i,where="x" 1
            dup,k=tagval k=1.5,other=1i 1
            sparse,dc=x,host=a f=1 1
            sparse,host=a g=2i 2
            sparse,host=b f=3,g=4i 3
            sparse,dc=y g=5i 4
            tss f=1 -9223372036854775806
            tss f=2 -9223372036000000000
            tss f=3 -1
            tss f=4 0
            tss f=5 1
            tss f=6 9223372036854775806
            tss f=7 9223372036000000000
            tss f=8 -86400000000000
            """
        // Tag names with a backslash before a delimiter (issue 11): stored `reg\=ion`, `bs\,comma`,
        // `bs\ space`, `bs\=eq`, `\,,=east`, `east\ `, `\\,dbl`, written with one `\` added
        // before each delimiter.
        lp +=
            "\n" + #"""
                bstags,a=bs\\,comma,b=bs\\ space,c=bs\\=eq,d=\\,\,\=east,e=east\\ ,f=\\\,dbl,reg\\=ion=east f=1 1
                bstags,\\,start=\\=x,mid\\ dle=a\\\\ b f=2 2
                """#
        var bytes = Array(lp.utf8) + [0x0A]
        // Raw NUL and invalid UTF-8 inside a string value.
        bytes += Array("strs s=\"nul".utf8) + [0x00] + Array(" and bad ".utf8) + [0xFF, 0xFE, 0xC3] + Array("\" 9\n".utf8)
        // A 70 KB string.
        bytes += Array("strs s=\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 70_000) + Array("\" 10\n".utf8)
        try server.write(db, bytes)

        // The hourly RP: extremes in 1-hour groups, integral floats, and a field whose type
        // changes per group (kept out of the first group: see `loadAmbiguous`).
        lp = """
            hr,host=a v=1.0 -9223372036854775806
            hr,host=a v=2.0 3600000000000
            hr,host=a v=4.0 9223372036854775806
            hr2,host=a v=2.0 3600000000000
            hr2,host=a v=3i 7200000000001
            hr2,host=b v="s" 10800000000000
            """
        try server.write(db, rp: hourRP, Array(lp.utf8))
        lp = """
            odd,t=1 f=1i 86400000000000
            odd,t=1 f=1.0 172800000000000
            floats v=7i 1
            """
        try server.write(db, rp: oddRP, Array(lp.utf8))

        // One series of 25,000 points: the server answers it in several chunks.
        var big = ""
        big.reserveCapacity(25_000 * 40)
        for i in 0..<25_000 { big += "big,host=h1 v=\(i)i,w=\(Double(i) / 7) \(1_700_000_000_000_000_000 + Int64(i) * 1_000_000_000)\n" }
        try server.write(db, Array(big.utf8))
    }

    /// A point in the first shard group of a field that has other types in later groups: the
    /// one case a dump cannot read exactly from 1.6.7 after a restart (it must say so).
    static func loadAmbiguous(into server: TestServer, database db: String) throws {
        try server.execute("CREATE DATABASE \(q(db))")
        try server.write(db, Array("amb v=1i -9223372036854775806\namb v=1.5 1609459200000000000\nplain v=1i -9223372036854775806\n".utf8))
        // A string alone in the first group: the spanning query returns nothing at all for it.
        try server.write(db, Array("amb2 s=\"text\" -9223372036854775806\namb2 s=2.5 1609459200000000000\n".utf8))
    }

    static func q(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
