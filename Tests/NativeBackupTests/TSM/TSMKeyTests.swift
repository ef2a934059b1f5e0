import XCTest

@testable import NativeBackup

/// Series keys taken apart as InfluxDB 1.6's `models/points.go` does (`ParseKeyBytes`:
/// `scanMeasurement`, `unescapeMeasurement`; `parseTags`: `walkTags`, `scanTo`, `scanTagValue`,
/// `unescapeTag`). Every expectation below was worked out by hand from that Go code.
final class TSMKeyTests: XCTestCase {
    private struct Case {
        var key: [UInt8]
        var measurement: [UInt8]
        var tags: [[[UInt8]]]
        var note: String

        init(_ key: String, _ measurement: String, _ tags: [(String, String)], _ note: String) {
            self.init(u8(key), u8(measurement), tags.map { [u8($0.0), u8($0.1)] }, note)
        }

        init(_ key: [UInt8], _ measurement: [UInt8], _ tags: [[[UInt8]]], _ note: String) {
            self.key = key
            self.measurement = measurement
            self.tags = tags
            self.note = note
        }
    }

    // Raw strings (#"…"#): every backslash below is one byte 0x5C in the key.
    private static let golden: [Case] = [
        Case("cpu", "cpu", [], "no tags: scanMeasurement runs off the end"),
        Case("", "", [], "empty key"),
        Case("cpu,host=a,region=us", "cpu", [("host", "a"), ("region", "us")], "plain"),
        // scanMeasurement skips the byte after each backslash, so the name ends at the comma
        // before `host`; unescapeMeasurement turns `\,` into `,` then `\ ` into a space.
        Case(#"c\,pu\ x,host=a"#, "c,pu x", [("host", "a")], "escaped comma and space in the measurement"),
        // `=` is not a measurement escape: `\=` stays two bytes in the name.
        Case(#"m\=x,t=1"#, #"m\=x"#, [("t", "1")], "escaped equals sign in the measurement stays"),
        // Key: scanTo('=') skips the `=` after a backslash; both are unescaped by unescapeTag's
        // three passes (`\,`, `\ `, `\=`). The value's escaped comma does not end it.
        Case(#"m,ta\ g\,k\=ey=va\ l\,u\=e"#, "m", [("ta g,k=ey", "va l,u=e")], "escapes in tag key and value"),
        // Two backslashes then a comma: scanTagValue only looks at the byte before the comma
        // (a backslash), so the value runs on; `\,` → `,` leaves one backslash: `a\,b=c`.
        Case(#"m,k=a\\,b=c"#, "m", [("k", #"a\,b=c"#)], "backslash-backslash-comma in a tag value"),
        // The same in the measurement: the comma after `\\` is skipped, so the whole key is the
        // name (no tags, state is not tagKeyState) and `\,` → `,` leaves `cpu\,host=a`.
        Case(#"cpu\\,host=a"#, #"cpu\,host=a"#, [], "backslash-backslash-comma in the measurement"),
        // `\\ `: the space after the second backslash is skipped, then `\ ` → ` ` leaves `a\ b`.
        Case(#"a\\ b,t=1"#, #"a\ b"#, [("t", "1")], "backslash-backslash-space in the measurement"),
        // A backslash before anything else is a literal byte (bytes.Replace only removes `\,`,
        // `\ `, `\=`); `\ ` in the name is still unescaped.
        Case(#"we\ ird\x,ho\st=a\b"#, #"we ird\x"#, [(#"ho\st"#, #"a\b"#)], "literal backslashes"),
        Case(#"m,a=x\,b=y"#, "m", [("a", "x,b=y")], "escaped comma keeps the value going"),
        // walkTags: an empty value is skipped with `continue` before `i++`, so the next scanTo
        // starts at the comma and the following key keeps it: `,b`.
        Case("m,a=,b=c", "m", [(",b", "c")], "empty tag value: the next key starts at the comma"),
        // No `=`: scanTo runs to the end, scanTagValue(len+1) gives nil; the pair is skipped.
        Case("m,novalue", "m", [], "tag without equals sign"),
        Case("m,a=1,junk", "m", [("a", "1")], "trailing tag without equals sign"),
        Case("m,a=b=c", "m", [("a", "b=c")], "equals sign inside a tag value"),
        Case("m,a=1,", "m", [("a", "1")], "trailing comma"),
        // Bytes are never decoded: invalid UTF-8 passes through as is.
        Case([0xFF, 0x6D, 0x2C, 0xFE, 0x3D, 0x80], [0xFF, 0x6D], [[[0xFE], [0x80]]], "non-UTF-8 bytes"),
        Case(
            [0x6D, 0x5C, 0x2C, 0xC3, 0x2C, 0x6B, 0x3D, 0xC3, 0x28], [0x6D, 0x2C, 0xC3], [[[0x6B], [0xC3, 0x28]]], "escaped, non-UTF-8"),
    ]

    func testGoldenKeys() {
        for c in Self.golden {
            let series = c.key[...]
            XCTAssertEqual(TSMKey.measurement(series), c.measurement, "measurement: \(c.note)")
            XCTAssertEqual(TSMKey.tags(series).map { [$0.key, $0.value] }, c.tags, "tags: \(c.note)")
        }
    }

    /// A key whose tags start at an offset inside a larger array (as `split` hands it over).
    func testSliceNotStartingAtZero() {
        let key = u8(#"c\,pu,host=a#!~#value"#)
        let (series, field) = TSMKey.split(key)
        XCTAssertEqual(TSMKey.measurement(series), u8("c,pu"))
        XCTAssertEqual(TSMKey.tags(series).map { [$0.key, $0.value] }, [[u8("host"), u8("a")]])
        XCTAssertEqual(Array(field), u8("value"))
        let padded = u8("xxcpu,a=1")
        XCTAssertEqual(TSMKey.measurement(padded[2...]), u8("cpu"))
        XCTAssertEqual(TSMKey.measurementEnd(padded[2...]).end, 5, "an index into the whole array")
        XCTAssertEqual(TSMKey.tags(padded[2...]).map { [$0.key, $0.value] }, [[u8("a"), u8("1")]])
    }

    /// `scanMeasurement` returns at once for a key whose first byte is a comma ("missing
    /// measurement", i = 0), so `ParseKeyBytes` gives the empty name `buf[:0]`.
    func testLeadingCommaGivesEmptyMeasurement() throws {
        let series = u8(",a=b")[...]
        XCTAssertEqual(TSMKey.tags(series).count, 0, "walkTags: scanTo(',') stops at 0, the name is empty")
        // scanMeasurement checks buf[0] == ',' before its loop: the name is empty.
        XCTAssertEqual(TSMKey.measurement(series), [])
    }

    /// `measurementEnd` reports an unescaped space: the engine takes it as the end of the key.
    func testUnescapedSpaceIsReported() {
        XCTAssertTrue(TSMKey.measurementEnd(u8("a b,t=1")[...]).unescapedSpace)
        XCTAssertEqual(TSMKey.measurementEnd(u8("a b,t=1")[...]).end, 1)
        XCTAssertFalse(TSMKey.measurementEnd(u8(#"a\ b,t=1"#)[...]).unescapedSpace)
        XCTAssertEqual(TSMKey.measurementEnd(u8(#"a\ b,t=1"#)[...]).end, 4)
        XCTAssertFalse(TSMKey.measurementEnd(u8("ab")[...]).unescapedSpace)
    }

    func testSplitAtFirstSeparator() {
        let cases: [(String, String, String)] = [
            ("cpu,host=a#!~#value", "cpu,host=a", "value"),
            ("cpu#!~#f#!~#g", "cpu", "f#!~#g"),  // bytes.Index: the first separator
            ("cpu", "cpu", ""),  // no separator: all series
            ("a##!~#b", "a#", "b"),  // a false start one byte before the separator
            ("a#!~#!~#b", "a", "!~#b"),
            ("#!~#f", "", "f"),
            ("cpu#!~", "cpu#!~", ""),  // a partial separator at the end
            ("cpu#!~#", "cpu", ""),
        ]
        for (key, series, field) in cases {
            let (s, f) = TSMKey.split(u8(key))
            XCTAssertEqual(Array(s), u8(series), key)
            XCTAssertEqual(Array(f), u8(field), key)
        }
    }

    /// Each escape is one `bytes.Replace` pass, in the order comma, space, equals sign.
    func testUnescapePasses() {
        XCTAssertEqual(TSMKey.unescape(u8(#"\\,"#), [0x2C]), u8(#"\,"#))
        XCTAssertEqual(TSMKey.unescape(u8(#"a\,\,b\"#), [0x2C, 0x20]), u8("a,,b\\"))
        XCTAssertEqual(TSMKey.unescape(u8(#"\=\ \,"#), TSMKey.tagEscapes), u8("= ,"))
        XCTAssertEqual(TSMKey.unescape(u8(#"\x"#), TSMKey.tagEscapes), u8(#"\x"#))
    }
}
