import XCTest

@testable import ArchiveFormat
@testable import LineProtocol
@testable import Restore
@testable import Support

final class LineProtocolParserTests: XCTestCase {
    private typealias V = ParsedPoint.Value

    private func parse(_ line: [UInt8]) throws(LineProtocolParser.Failure) -> ParsedPoint {
        do {
            return try line.withUnsafeBytes { try LineProtocolParser.parse($0) }
        } catch let failure as LineProtocolParser.Failure {
            throw failure
        } catch {
            throw LineProtocolParser.Failure(offset: -1, reason: "unexpected error \(error)")
        }
    }

    private func point(_ m: String, _ tags: [(String, String)], _ fields: [(String, V)], _ time: Int64?) -> ParsedPoint {
        ParsedPoint(measurement: u8(m), tags: tags.map { (u8($0.0), u8($0.1)) }, fields: fields.map { (u8($0.0), $0.1) }, time: time)
    }

    private func describe(_ p: ParsedPoint) -> String {
        "\(show(p.measurement)) tags \(p.tags.map { show($0.key) + "=" + show($0.value) }) fields \(p.fields.map { show($0.key) + "=\($0.value)" }) time \(String(describing: p.time))"
    }

    func testGoldenRows() throws {
        let rows: [(String, ParsedPoint)] = [
            (
                #"cpu,host=a,region=eu f=2.0,n=-3i,ok=true,s="x" 1700000000000000000"#,
                point(
                    "cpu", [("host", "a"), ("region", "eu")],
                    [("f", .float(2.0)), ("n", .integer(-3)), ("ok", .boolean(true)), ("s", .string(u8("x")))], 1_700_000_000_000_000_000)
            ),
            (
                #"cpu\ load,host=a\ b,region=eu\,west f=2.0,n=-3i,ok=true 1700000000000000000"#,
                point(
                    "cpu load", [("host", "a b"), ("region", "eu,west")],
                    [("f", .float(2.0)), ("n", .integer(-3)), ("ok", .boolean(true))], 1_700_000_000_000_000_000)
            ),
            (
                #"cpu\ load,host=c f=1e+16,fi\=eld\"x=1i 1700000000000000001"#,
                point("cpu load", [("host", "c")], [("f", .float(1e16)), (#"fi=eld"x"#, .integer(1))], 1_700_000_000_000_000_001)
            ),
            (
                "log msg=\"first line\nsecond line, with \\\"quotes\\\" and a \\\\ backslash\" -86400000000000",
                point("log", [], [("msg", .string(u8("first line\nsecond line, with \"quotes\" and a \\ backslash")))], -86_400_000_000_000)
            ),
            ("m f=1", point("m", [], [("f", .float(1))], nil)),
            ("m  f=1i  5", point("m", [], [("f", .integer(1))], 5)),
            (
                "m a=t,b=T,c=true,d=True,e=TRUE,f=f,g=F,h=false,i=False,j=FALSE 0",
                point(
                    "m", [],
                    [
                        ("a", .boolean(true)), ("b", .boolean(true)), ("c", .boolean(true)), ("d", .boolean(true)), ("e", .boolean(true)),
                        ("f", .boolean(false)), ("g", .boolean(false)), ("h", .boolean(false)), ("i", .boolean(false)),
                        ("j", .boolean(false)),
                    ], 0)
            ),
            (
                "m a=.5,b=5.,c=1E5,d=-00.5,e=1e-400,f=-0.0,g=00012 1",
                point(
                    "m", [],
                    [
                        ("a", .float(0.5)), ("b", .float(5)), ("c", .float(100_000)), ("d", .float(-0.5)), ("e", .float(0)),
                        ("f", .float(-0.0)), ("g", .float(12)),
                    ], 1)
            ),
            (
                "m i=-9223372036854775808i,j=9223372036854775807i,k=0i -9223372036854775806",
                point("m", [], [("i", .integer(.min)), ("j", .integer(.max)), ("k", .integer(0))], -9_223_372_036_854_775_806)
            ),
            // Backslashes before bytes a part does not escape are literal.
            (#"m6\bs,k\"x=v\"y f\\x=1 7"#, point(#"m6\bs"#, [(#"k\"x"#, #"v\"y"#)], [(#"f\\x"#, .float(1))], 7)),
            (#"m f\\"b=1 7"#, point("m", [], [(#"f\"b"#, .float(1))], 7)),
            (#"m"q,t=a"b f"k=1 7"#, point(#"m"q"#, [("t", #"a"b"#)], [(#"f"k"#, .float(1))], 7)),
            (#"m s="lone\bs",t="q\"\\" 7"#, point("m", [], [("s", .string(u8(#"lone\bs"#))), ("t", .string(u8(#"q"\"#)))], 7)),
            // `=` is not escaped in measurements: the backslash stays (spec: unescape only the part's set).
            (#"m4\=eq,k\=eq=v\=eq f=1 1"#, point(#"m4\=eq"#, [("k=eq", "v=eq")], [("f", .float(1))], 1)),
            ("m s=\"\" 0005", point("m", [], [("s", .string([]))], 5)),
        ]
        for (line, expected) in rows {
            do {
                let p = try parse(u8(line))
                XCTAssertEqual(p, expected, "\(line.debugDescription): got \(describe(p))")
            } catch {
                XCTFail("\(line.debugDescription): \(error)")
            }
        }
    }

    func testInvalidInputs() {
        let rows: [(String, String, Int)] = [
            (#"m s="abc"#, "unterminated string", 8),
            (#"m s="abc\""#, "unterminated string", 10),
            ("m", "missing fields", 1),
            ("m,t=a", "missing fields", 5),
            ("m ", "invalid field", 2),
            ("m f", "invalid field", 3),
            ("m f=", "missing field value", 4),
            (",t=a f=1", "missing measurement", 0),
            ("m,t= f=1", "missing tag value", 4),
            ("m,=v f=1", "invalid tag", 2),
            ("m,t=a=b f=1", "invalid tag", 5),
            ("m f=1.5i", "invalid field value", 4),
            ("m f=+1i", "invalid field value", 4),
            ("m f=1 +5", "invalid timestamp", 6),
            ("m f=NaN", "invalid field value", 4),
            ("m f=nan", "invalid field value", 4),
            ("m f=Inf", "invalid field value", 4),
            ("m f=-Inf", "invalid field value", 4),
            ("m f=+1", "invalid field value", 4),
            ("m f=+1.5", "invalid field value", 4),
            ("m f=0x10", "invalid field value", 4),
            ("m f=1_000", "invalid field value", 4),
            ("m f=1e400", "invalid field value", 4),
            ("m f=tRUE", "invalid field value", 4),
            ("m f=yes", "invalid field value", 4),
            ("m f=i", "invalid field value", 4),
            ("m f=9223372036854775808i", "invalid field value", 4),
            ("m f=1,g=", "missing field value", 8),
            ("m f=,g=1", "invalid field value", 4),
            ("m f=1 1.5", "invalid timestamp", 6),
            ("m f=1 1e9", "invalid timestamp", 6),
            ("m f=1 abc", "invalid timestamp", 6),
            ("m f=1 9223372036854775808", "invalid timestamp", 6),
            ("m f=1 1 extra", "unexpected text after timestamp", 7),
            (#"m f="bad"x 1"#, "unexpected character after fields", 9),
        ]
        for (line, reason, offset) in rows {
            do {
                let p = try parse(u8(line))
                XCTFail("\(line.debugDescription) parsed: \(describe(p))")
            } catch {
                XCTAssertEqual(error.reason, reason, line.debugDescription)
                XCTAssertEqual(error.offset, offset, line.debugDescription)
                XCTAssertEqual(error.description, "\(reason) at byte \(offset)")
            }
        }
    }

    // MARK: Round trip through the encoder

    func testEncoderOutputParsesBackExactly() throws {
        let name = u8(#"we ird,m"=\x"#)
        let tags: [(key: [UInt8], value: [UInt8])] = [
            (u8("zone"), u8("a b,c=d")), (u8(#"k"q"#), u8(#"v\"w"#)), (u8("empty"), []), (u8("a=b"), u8("ü")),
        ]
        let columns = [u8("time"), u8("b"), u8(#"f "q",="#), u8("i"), u8("s")]
        let floats: [Double] = [-0.0, .leastNonzeroMagnitude, 1.7976931348623157e308, 2.0, 1e20, 0.1, -1234.5, 1e16, 1.2345e-7]
        let ints: [Int64] = [.min + 2, .max, 0, -1, 1, .min]
        let strings: [[UInt8]] = [
            [0xFF, 0xFE], u8("a\nb"), [0x00], u8(#"back\slash"#), u8(#"q"uote"#), u8(#"ends\"#),
            u8("\r\t"), [], u8(#"\\""#), u8("x y,z=w"),
        ]
        let times: [Int64] = [Timestamp.minNano, Timestamp.maxNano, 0, -1, 1_700_000_000_000_000_000]
        var rows: [(time: Int64, cells: [TestCell])] = []
        var expected: [(fields: [(String, V)], time: Int64)] = []
        let count = max(floats.count, ints.count, strings.count)
        for r in 0..<count {
            var cells: [TestCell] = [], fields: [(String, V)] = []
            let bool = r % 2 == 0
            cells.append(.bool(bool)); fields.append(("b", .boolean(bool)))
            if r < floats.count {
                cells.append(.float(floats[r])); fields.append((#"f "q",="#, .float(floats[r])))
            } else {
                cells.append(.null)
            }
            if r < ints.count { cells.append(.int(ints[r])); fields.append(("i", .integer(ints[r]))) } else { cells.append(.null) }
            if r < strings.count {
                cells.append(.string(strings[r])); fields.append(("s", .string(strings[r])))
            } else {
                cells.append(.null)
            }
            let t = times[r % times.count]
            rows.append((t, cells))
            expected.append((fields, t))
        }
        let sink = RecordingPointSink()
        let encoder = LineProtocolEncoder(output: sink)
        try drive(encoder, name: name, tags: tags, columns: columns, rows: rows)
        XCTAssertEqual(encoder.unrepresentable, [:])
        XCTAssertEqual(sink.lines.count, expected.count)
        let expectedTags: [(String, [UInt8])] = [("a=b", u8("ü")), (#"k"q"#, u8(#"v\"w"#)), ("zone", u8("a b,c=d"))]
        for (line, e) in zip(sink.lines, expected) {
            XCTAssertEqual(line.last, 0x0A)
            let p = try parse(Array(line.dropLast()))
            let want = ParsedPoint(
                measurement: name, tags: expectedTags.map { (u8($0.0), $0.1) },
                fields: e.fields.map { (u8($0.0), $0.1) }, time: e.time)
            XCTAssertEqual(p, want, "line \(show(line)): got \(describe(p))")
            XCTAssertEqual(
                line.withUnsafeBytes { LineProtocolParser.trailingTimestamp(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }, e.time)
        }
        // -0.0 kept its sign bit through the text.
        let first = try parse(Array(sink.lines[0].dropLast()))
        guard case .float(let z) = first.fields[1].value else { return XCTFail("not a float") }
        XCTAssertEqual(z.bitPattern, 0x8000_0000_0000_0000)
    }

    // MARK: trailingTimestamp

    func testTrailingTimestamp() {
        let rows: [(String, Int64?)] = [
            ("m f=1 123", 123),
            ("m f=1 -123", -123),
            ("m f=1 0", 0),
            ("m f=1 0005", 5),
            ("m f=1 9223372036854775807", .max),
            ("m f=1 -9223372036854775807", -9_223_372_036_854_775_807),
            ("m f=1 9223372036854775806", 9_223_372_036_854_775_806),
            ("m f=1 -9223372036854775806", -9_223_372_036_854_775_806),
            ("m f=1 -9223372036854775808", nil),  // documented: does not fit as a magnitude
            ("m f=1 9223372036854775808", nil),
            ("m f=1 19223372036854775807", nil),
            ("m f=1 99999999999999999999", nil),
            ("m s=\"x 123\"", nil),
            ("m s=\"a\nb\" 42", 42),
            ("m f=1i", nil),
            ("m f=15", nil),
            ("m f=-15", nil),
            ("m f=1.5", nil),
            ("m f=1 ", nil),
            ("m f=1 --5", nil),
            ("m f=1 1-5", nil),
            ("5", nil),
            ("", nil),
            (" 7", 7),
        ]
        for (line, expected) in rows {
            let got = u8(line).withUnsafeBytes { LineProtocolParser.trailingTimestamp($0) }
            XCTAssertEqual(got, expected, line.debugDescription)
        }
    }
}
