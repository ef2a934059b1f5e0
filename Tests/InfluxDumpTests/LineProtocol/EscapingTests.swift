import XCTest

@testable import LineProtocol

/// Golden escaping tables, written by hand from the rules measured against InfluxDB 1.6.7
/// (API-FACTS §0 item 5 and §6; formats/archive-format.md §Names).
final class EscapingTests: XCTestCase {
    private func check(_ part: NamePart, _ rows: [(String, String)], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThanOrEqual(rows.count, 8, file: file, line: line)
        for (input, expected) in rows {
            XCTAssertEqual(Escaping.escaped(input, as: part), expected, "\(part) \(input.debugDescription)", file: file, line: line)
            var out: [UInt8] = [0x21]  // appends, keeps what is there
            Escaping.append(Array(input.utf8), as: part, to: &out)
            XCTAssertEqual(out, [0x21] + Array(expected.utf8), "\(part) append \(input.debugDescription)", file: file, line: line)
        }
    }

    func testMeasurement() {
        check(
            .measurement,
            [
                ("cpu", "cpu"),
                ("cpu load", #"cpu\ load"#),
                ("a,b", #"a\,b"#),
                ("a, b", #"a\,\ b"#),
                (" lead", #"\ lead"#),
                ("a=b", "a=b"),  // = raw in measurements
                (#"a"b"#, #"a"b"#),  // " raw in measurements
                (#"a\b"#, #"a\b"#),  // backslash never escaped
                (#"m5\\bs"#, #"m5\\bs"#),
                ("m9\ttab", "m9\ttab"),
                ("ünï😀中", "ünï😀中"),
                ("#x", "#x"),
                ("", ""),
            ])
    }

    func testTagKey() {
        check(
            .tagKey,
            [
                ("host", "host"),
                ("k sp", #"k\ sp"#),
                ("k,cm", #"k\,cm"#),
                ("k=eq", #"k\=eq"#),
                (#"kq""#, #"kq""#),  // " raw in tags
                (#"kbs2\x"#, #"kbs2\x"#),
                (#"a\"b"#, #"a\"b"#),  // \" is literal in tags
                ("t\tab", "t\tab"),
                ("ключ", "ключ"),
                ("=, ", #"\=\,\ "#),
            ])
    }

    func testTagValue() {
        check(
            .tagValue,
            [
                ("a", "a"),
                ("v sp", #"v\ sp"#),
                ("v,cm", #"v\,cm"#),
                ("v=eq", #"v\=eq"#),
                (#"a"b"#, #"a"b"#),
                (#"a\\\\b"#, #"a\\\\b"#),
                (#"v\x"#, #"v\x"#),
                ("tab\there", "tab\there"),
                ("ü😀", "ü😀"),
                ("eu,west 1", #"eu\,west\ 1"#),
            ])
    }

    func testFieldKey() {
        check(
            .fieldKey,
            [
                ("f", "f"),
                ("a b", #"a\ b"#),
                ("a,b", #"a\,b"#),
                ("a=b", #"a\=b"#),
                (#"a"b"#, #"a\"b"#),  // " escaped in field keys
                (#"a\b"#, #"a\b"#),
                (#"a\"b"#, #"a\\"b"#),  // backslash raw, quote escaped
                (#"f\\x"#, #"f\\x"#),
                ("f\tt", "f\tt"),
                ("Größe", "Größe"),
                (#"fi=eld"x"#, #"fi\=eld\"x"#),
            ])
    }

    func testStringFieldValue() {
        let rows: [([UInt8], [UInt8])] = [
            (u8(""), u8(#""""#)),
            (u8("abc"), u8(#""abc""#)),
            (u8(#"q"uote"#), u8(#""q\"uote""#)),
            (u8(#"back\slash"#), u8(#""back\\slash""#)),
            (u8(#"ends\"#), u8(#""ends\\""#)),
            (u8(#"\\"#), u8(#""\\\\""#)),
            (u8(#"\""#), u8(#""\\\"""#)),
            (u8("line1\nline2"), [0x22] + u8("line1") + [0x0A] + u8("line2") + [0x22]),
            ([0x00], [0x22, 0x00, 0x22]),
            ([0xFF, 0xFE], [0x22, 0xFF, 0xFE, 0x22]),
            (u8("tab\tcr\r"), [0x22] + u8("tab") + [0x09] + u8("cr") + [0x0D, 0x22]),
            (u8("a,b c=d"), u8(#""a,b c=d""#)),
            (u8("ünï😀"), [0x22] + u8("ünï😀") + [0x22]),
        ]
        for (input, expected) in rows {
            var out: [UInt8] = []
            Escaping.appendStringValue(input, to: &out)
            XCTAssertEqual(out, expected, "string value \(show(input)) → \(show(out))")
        }
    }

    func testUnrepresentableNamesAndReasons() {
        let rows: [(String, NamePart, String)] = [
            ("", .measurement, "empty measurement"),
            ("", .tagKey, "empty tag key"),
            ("", .tagValue, "empty tag value"),
            ("", .fieldKey, "empty field key"),
            ("a\nb", .measurement, "measurement contains a line feed"),
            ("a\nb", .tagKey, "tag key contains a line feed"),
            ("\n", .tagValue, "tag value contains a line feed"),
            ("f\n", .fieldKey, "field key contains a line feed"),
            (#"a\"#, .measurement, "measurement ends with a backslash"),
            (#"k\"#, .tagKey, "tag key ends with a backslash"),
            (#"v\"#, .tagValue, "tag value ends with a backslash"),
            (#"f\\"#, .fieldKey, "field key ends with a backslash"),
            (#"a\,b"#, .measurement, #"measurement has a backslash before ",""#),
            (#"a\ b"#, .measurement, #"measurement has a backslash before " ""#),
            (#"a\=b"#, .measurement, #"measurement has a backslash before "=""#),
            (#"a\"b"#, .measurement, #"measurement has a backslash before """"#),
            (#"k\,x\"#, .tagKey, "tag key ends with a backslash"),
            (#"v\ \\"#, .tagValue, "tag value ends with a backslash"),
            (#"f\,x"#, .fieldKey, #"field key has a backslash before ",""#),
            (#"f\=x"#, .fieldKey, #"field key has a backslash before "=""#),
            (#"f\ x"#, .fieldKey, #"field key has a backslash before " ""#),
            (#"f\\\,x"#, .fieldKey, #"field key has a backslash before ",""#),
            (#"\=x"#, .fieldKey, #"field key has a backslash before "=""#),
            (#"m\\,x"#, .measurement, #"measurement has a backslash before ",""#),
            ("#m10", .measurement, ##"measurement starts with "#" (a comment line)"##),
            ("time", .tagKey, #"tag key is "time""#),
            ("time", .fieldKey, #"field key is "time""#),
        ]
        for (name, part, reason) in rows {
            XCTAssertEqual(Escaping.unrepresentable(Array(name.utf8), as: part), reason, "\(part) \(name.debugDescription)")
        }
        // Works on any collection of bytes (slices too).
        let slice = u8(#"xx\,"#)[2...]
        XCTAssertEqual(Escaping.unrepresentable(slice, as: .fieldKey), #"field key has a backslash before ",""#)
    }

    func testRepresentableTrickyNames() {
        let rows: [(String, NamePart)] = [
            (#"m5\\bs"#, .measurement),
            (#"m6\bs"#, .measurement),
            (##"\#m11"##, .measurement),
            ("m3=eq", .measurement),
            (#"m7"q"#, .measurement),
            ("m1 sp", .measurement),
            ("m2,cm", .measurement),
            (" m13", .measurement),
            ("a#", .measurement),
            ("time", .measurement),
            ("m9\ttab", .measurement),
            ("ü😀中", .measurement),
            (#"a\"b"#, .fieldKey),
            (#"a\\,b"#, .fieldKey),  // an even run of backslashes before a delimiter
            (#"a\\ b"#, .fieldKey),
            (#"\\\\=b"#, .fieldKey),
            (#"f\\x"#, .fieldKey),
            (#"a"b"#, .fieldKey),
            ("Time", .fieldKey),
            ("#f", .fieldKey),
            (#"a"b"#, .tagValue),
            (#"a\"b"#, .tagValue),
            (#"a\\\\b"#, .tagValue),
            ("time", .tagValue),
            (#"kbs2\x"#, .tagKey),
            (#"k\"q"#, .tagKey),
            ("times", .tagKey),
        ]
        for (name, part) in rows {
            XCTAssertNil(Escaping.unrepresentable(Array(name.utf8), as: part), "\(part) \(name.debugDescription)")
        }
    }

    /// A backslash before a delimiter in a tag key or value round-trips on 1.6.7 (`scanTagsValue`
    /// ends a tag only at a delimiter not preceded by `\`; `unescapeTag` undoes `\,` `\ ` `\=`):
    /// such names are written, the escaped form adds one `\` before each delimiter and nothing else.
    func testTagNamesWithBackslashBeforeDelimiters() {
        let rows: [(String, String)] = [
            (#"bs\,comma"#, #"bs\\,comma"#),
            (#"bs\ space"#, #"bs\\ space"#),
            (#"bs\=eq"#, #"bs\\=eq"#),
            (#"\,,=east"#, #"\\,\,\=east"#),
            (#"east\ "#, #"east\\ "#),
            (#"reg\=ion"#, #"reg\\=ion"#),
            (#"\\,x"#, #"\\\,x"#),
            (#"a\\ b"#, #"a\\\ b"#),
            (#"\,start"#, #"\\,start"#),
            (#"mid\=dle\,x"#, #"mid\\=dle\\,x"#),
        ]
        for part in [NamePart.tagKey, .tagValue] {
            for (name, written) in rows {
                XCTAssertNil(Escaping.unrepresentable(Array(name.utf8), as: part), "\(part) \(name.debugDescription)")
                XCTAssertEqual(Escaping.escaped(name, as: part), written, "\(part) \(name.debugDescription)")
            }
        }
        // The same names stay refused in measurements, where the server cannot read them back.
        for (name, _) in rows where name.contains(#"\,"#) || name.contains(#"\ "#) || name.contains(#"\="#) {
            XCTAssertNotNil(Escaping.unrepresentable(Array(name.utf8), as: .measurement), name)
        }
    }

}
