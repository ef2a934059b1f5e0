import XCTest

@testable import InfluxAPI
@testable import LineProtocol

final class QueryResponseParserTests: XCTestCase {
    enum Value: Equatable {
        case null, bool(Bool), int(Int64), bigUInt(UInt64), floatBits(UInt64), string([UInt8]), binary([UInt8]), ext(Int8, [UInt8])
    }
    struct Tag: Equatable { var key: [UInt8]; var value: [UInt8] }
    enum Event: Equatable {
        case begin(name: [UInt8], tags: [Tag], columns: [[UInt8]])
        case cell(Int, Value)
        case endRow
    }

    final class RecordingSink: QueryEventSink {
        var events: [Event] = []
        func beginSeries(name: [UInt8], tags: [(key: [UInt8], value: [UInt8])], columns: [[UInt8]]) throws {
            events.append(.begin(name: name, tags: tags.map { Tag(key: $0.key, value: $0.value) }, columns: columns))
        }
        func cell(column: Int, token: MsgPackToken, bytes: UnsafeRawBufferPointer) throws {
            let v: Value
            switch token {
            case .null: v = .null
            case .bool(let b): v = .bool(b)
            case .int(let i): v = .int(i)
            case .bigUInt(let u): v = .bigUInt(u)
            case .float(let d): v = .floatBits(d.bitPattern)
            case .string(let r): v = .string(Array(bytes[r]))
            case .binary(let r): v = .binary(Array(bytes[r]))
            case .ext(let t, let r): v = .ext(t, Array(bytes[r]))
            case .array, .map: XCTFail("container cell"); return
            }
            events.append(.cell(column, v))
        }
        func endRow() throws { events.append(.endRow) }
    }

    // MARK: Documents shaped like InfluxDB 1.6.7's chunked msgpack response

    private static func series(_ name: String, tags: KeyValuePairs<String, String>, columns: [String], values: [[MP]], partial: Bool) -> MP
    {
        var pairs: [(MP, MP)] = [(.str("name"), .str(name))]
        if !tags.isEmpty { pairs.append((.str("tags"), .map(tags.map { (.str($0.key), .str($0.value)) }))) }
        pairs.append((.str("columns"), .array(columns.map { .str($0) })))
        pairs.append((.str("values"), .array(values.map { .array($0) })))
        if partial { pairs.append((.str("partial"), .bool(true))) }
        return .map(pairs)
    }

    private static func document(_ series: [MP], partial: Bool, statementID: Int64 = 0) -> MP {
        var result: [(MP, MP)] = [(.str("statement_id"), .int(statementID)), (.str("series"), .array(series))]
        if partial { result.append((.str("partial"), .bool(true))) }
        return .obj(["results": .array([.map(result)])])
    }

    private let query = #"SELECT * FROM "db"."autogen"."c" WHERE time >= 0 GROUP BY *"#

    /// Three chunks: series host=a split over two documents, then host=b, final.
    private var chunked: [UInt8] {
        let d1 = Self.document(
            [
                Self.series(
                    "c", tags: ["host": "a", "dc": ""], columns: ["time", "v", "s"],
                    values: [[.int(1), .float(1.5), .null], [.int(2), .float(-0.0), .str("x\ny")]], partial: true)
            ],
            partial: true)
        let d2 = Self.document(
            [
                Self.series(
                    "c", tags: ["host": "a", "dc": ""], columns: ["time", "v", "s"],
                    values: [[.int(-3), .null, .raw([0xFF, 0xFE])]], partial: false)
            ],
            partial: true)
        let d3 = Self.document(
            [
                Self.series(
                    "c", tags: ["host": "b", "dc": "eu"], columns: ["time", "v", "s"],
                    values: [
                        [.int(1_700_000_000_000_000_000), .float(2.0), .str("")],
                        [.int(.max), .int(7), .bool(true)],
                    ], partial: false)
            ],
            partial: false)
        return d1.bytes + d2.bytes + d3.bytes
    }

    private var chunkedEvents: [Event] {
        let cols = [u8("time"), u8("v"), u8("s")]
        let a = [Tag(key: u8("host"), value: u8("a")), Tag(key: u8("dc"), value: [])]
        let b = [Tag(key: u8("host"), value: u8("b")), Tag(key: u8("dc"), value: u8("eu"))]
        return [
            .begin(name: u8("c"), tags: a, columns: cols),
            .cell(0, .int(1)), .cell(1, .floatBits(1.5.bitPattern)), .cell(2, .null), .endRow,
            .cell(0, .int(2)), .cell(1, .floatBits(0x8000_0000_0000_0000)), .cell(2, .string(u8("x\ny"))), .endRow,
            .begin(name: u8("c"), tags: a, columns: cols),
            .cell(0, .int(-3)), .cell(1, .null), .cell(2, .string([0xFF, 0xFE])), .endRow,
            .begin(name: u8("c"), tags: b, columns: cols),
            .cell(0, .int(1_700_000_000_000_000_000)), .cell(1, .floatBits(2.0.bitPattern)), .cell(2, .string([])), .endRow,
            .cell(0, .int(.max)), .cell(1, .int(7)), .cell(2, .bool(true)), .endRow,
        ]
    }

    private func run(_ pieces: [ArraySlice<UInt8>]) throws -> (sink: RecordingSink, parser: QueryResponseParser<RecordingSink>) {
        let sink = RecordingSink()
        let parser = QueryResponseParser(query: query, sink: sink)
        for p in pieces { try p.withUnsafeBytes { try parser.feed($0) } }
        return (sink, parser)
    }

    func testEncoderHelperMatchesTheSpec() {
        XCTAssertEqual(MP.obj(["a": .int(1)]).bytes, [0x81, 0xA1, 0x61, 0x01])
        XCTAssertEqual(MP.int(200).bytes, [0xCC, 0xC8])
        XCTAssertEqual(MP.int(-33).bytes, [0xD0, 0xDF])
        XCTAssertEqual(MP.int(.min).bytes, [0xD3, 0x80, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(MP.float(2.0).bytes, [0xCB, 0x40, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(MP.array(Array(repeating: .null, count: 16)).bytes.prefix(3), [0xDC, 0x00, 0x10])
        XCTAssertEqual(MP.raw(Array(repeating: 0x41, count: 32)).bytes.prefix(2), [0xD9, 0x20])
    }

    func testChunkedResponseEvents() throws {
        let bytes = chunked
        let (sink, parser) = try run([bytes[...]])
        XCTAssertEqual(sink.events, chunkedEvents)
        XCTAssertNoThrow(try parser.finish())
        XCTAssertEqual(parser.rows, 5)
    }

    func testEverySplitPositionGivesTheSameEvents() throws {
        let bytes = chunked
        let expected = chunkedEvents
        for cut in 0...bytes.count {
            let (sink, parser) = try run([bytes[..<cut], bytes[cut...]])
            XCTAssertEqual(sink.events, expected, "cut at \(cut)")
            XCTAssertNoThrow(try parser.finish(), "cut at \(cut)")
        }
        let (sink, parser) = try run(bytes.indices.map { bytes[$0...$0] })
        XCTAssertEqual(sink.events, expected, "byte by byte")
        XCTAssertNoThrow(try parser.finish())
        XCTAssertEqual(parser.rows, 5)
    }

    /// int64, int32 and float64 cells take the parser's fast path; split anywhere, they must give
    /// the same events as the token path, including a float where the time should be.
    func testFastPathCellsAtEverySplitPosition() throws {
        let doc = Self.document(
            [
                Self.series(
                    "c", tags: [:], columns: ["time", "a", "b", "c"],
                    values: [
                        [.int64(1_700_000_000_000_000_000), .int64(-5), .int32(70_000), .float(0.1)],
                        [.int64(.min), .int64(.max), .int32(.min), .float(-0.0)],
                        [.int64(2), .null, .int32(-1), .int(3)],
                    ], partial: false)
            ], partial: false
        ).bytes
        let expected: [Event] = [
            .begin(name: u8("c"), tags: [], columns: [u8("time"), u8("a"), u8("b"), u8("c")]),
            .cell(0, .int(1_700_000_000_000_000_000)), .cell(1, .int(-5)), .cell(2, .int(70_000)), .cell(3, .floatBits(0.1.bitPattern)),
            .endRow,
            .cell(0, .int(.min)), .cell(1, .int(.max)), .cell(2, .int(Int64(Int32.min))), .cell(3, .floatBits((-0.0).bitPattern)), .endRow,
            .cell(0, .int(2)), .cell(1, .null), .cell(2, .int(-1)), .cell(3, .int(3)), .endRow,
        ]
        for cut in 0...doc.count {
            let (sink, parser) = try run([doc[..<cut], doc[cut...]])
            XCTAssertEqual(sink.events, expected, "cut at \(cut)")
            XCTAssertNoThrow(try parser.finish(), "cut at \(cut)")
        }

        // Through the encoder, a float64 time is refused like any other non-integer time.
        let bad = Self.document(
            [Self.series("c", tags: [:], columns: ["time", "a"], values: [[.float(1), .int64(1)]], partial: false)],
            partial: false
        ).bytes
        let encoder = LineProtocolEncoder(output: RecordingPointSink())
        let parser = QueryResponseParser(query: query, sink: encoder)
        XCTAssertThrowsError(try bad.withUnsafeBytes { try parser.feed($0) }) {
            guard case InfluxClientError.malformedResponse(let m) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(m, "time is not an integer for measurement c (epoch=ns expected)")
        }
    }

    func testLastDocumentStillPartialIsTruncated() throws {
        let doc = Self.document(
            [Self.series("c", tags: [:], columns: ["time", "v"], values: [[.int(1), .int(1)]], partial: true)], partial: true)
        let (sink, parser) = try run([doc.bytes[...]])
        XCTAssertEqual(sink.events.filter { $0 == .endRow }.count, 1)
        XCTAssertThrowsError(try parser.finish()) {
            XCTAssertEqual($0 as? InfluxClientError, .truncatedResponse(query: query))
        }
        // The same pieces followed by a final chunk finish fine.
        let last = Self.document(
            [Self.series("c", tags: [:], columns: ["time", "v"], values: [[.int(2), .int(2)]], partial: false)], partial: false)
        let (_, parser2) = try run([doc.bytes[...], last.bytes[...]])
        XCTAssertNoThrow(try parser2.finish())
        XCTAssertEqual(parser2.rows, 2)
    }

    func testStatementErrorThrows() {
        let doc = MP.obj(["results": .array([.obj(["error": .str("database not found: x")])])])
        XCTAssertThrowsError(try run([doc.bytes[...]])) {
            XCTAssertEqual($0 as? InfluxClientError, .statement(query: query, message: "database not found: x"))
        }
        let withID = MP.obj(["results": .array([.obj(["statement_id": .int(0), "error": .str("database name required")])])])
        XCTAssertThrowsError(try run([withID.bytes[...]])) {
            XCTAssertEqual($0 as? InfluxClientError, .statement(query: query, message: "database name required"))
        }
        let topLevel = MP.obj(["error": .str("error parsing query: found SELEC")])
        XCTAssertThrowsError(try run([topLevel.bytes[...]])) {
            XCTAssertEqual($0 as? InfluxClientError, .statement(query: query, message: "error parsing query: found SELEC"))
        }
    }

    func testEmptyResultFinishesWithZeroRows() throws {
        let doc = MP.obj(["results": .array([.obj(["statement_id": .int(0)])])])
        XCTAssertEqual(doc.bytes, [0x81, 0xA7] + u8("results") + [0x91, 0x81, 0xAC] + u8("statement_id") + [0x00])
        let (sink, parser) = try run([doc.bytes[...]])
        XCTAssertEqual(sink.events, [])
        XCTAssertNoThrow(try parser.finish())
        XCTAssertEqual(parser.rows, 0)
    }

    func testUnknownMembersAreSkipped() throws {
        let doc = MP.obj([
            "results": .array([
                .obj([
                    "statement_id": .int(0),
                    "messages": .array([.obj(["level": .str("warning"), "text": .str("deprecated")])]),
                    "series": .array([
                        .obj([
                            "name": .str("m"), "columns": .array([.str("time"), .str("v")]),
                            "extra": .obj(["nested": .array([.int(1), .map([])])]),
                            "values": .array([.array([.int(5), .bin([1, 2])])]),
                        ])
                    ]),
                ])
            ])
        ])
        let (sink, parser) = try run([doc.bytes[...]])
        XCTAssertEqual(
            sink.events,
            [
                .begin(name: u8("m"), tags: [], columns: [u8("time"), u8("v")]),
                .cell(0, .int(5)), .cell(1, .binary([1, 2])), .endRow,
            ])
        XCTAssertNoThrow(try parser.finish())
    }

    func testBytesCutMidDocumentFailFinish() throws {
        let bytes = chunked
        // Every prefix that is not a whole response: finish must throw.
        let (_, full) = try run([bytes[...]])
        XCTAssertNoThrow(try full.finish())
        for cut in 0..<bytes.count {
            let (_, parser) = try run([bytes[..<cut]])
            XCTAssertThrowsError(try parser.finish(), "cut at \(cut)") {
                XCTAssertEqual($0 as? InfluxClientError, .truncatedResponse(query: query), "cut at \(cut)")
            }
        }
    }

    func testMalformedResponses() {
        let wide = Self.document(
            [Self.series("c", tags: [:], columns: ["time", "v"], values: [[.int(1)]], partial: false)], partial: false)
        XCTAssertThrowsError(try run([wide.bytes[...]])) {
            guard case InfluxClientError.malformedResponse = $0 else { return XCTFail("\($0)") }
        }
        let nested = Self.document(
            [Self.series("c", tags: [:], columns: ["time", "v"], values: [[.int(1), .array([])]], partial: false)], partial: false)
        XCTAssertThrowsError(try run([nested.bytes[...]])) {
            guard case InfluxClientError.malformedResponse = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try run([MP.int(1).bytes[...]])) {
            guard case InfluxClientError.malformedResponse = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try run([([0x81, 0x01, 0x02] as [UInt8])[...]])) {  // non-string key
            guard case InfluxClientError.malformedResponse = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try run([([0x81, 0xC1] as [UInt8])[...]])) {
            guard case InfluxClientError.malformedResponse = $0 else { return XCTFail("\($0)") }
        }
    }

    func testTrailingGarbageAfterFinalDocument() throws {
        let doc = MP.obj(["results": .array([.obj(["statement_id": .int(0)])])])
        let (_, parser) = try run([(doc.bytes + [0x81])[...]])  // a new document starts but never ends
        XCTAssertThrowsError(try parser.finish())
    }
}
