import Foundation
import InfluxDump
import XCTest

/// The escaping table checked against the real server, both ways: every name `Escaping` calls
/// representable is written with `Escaping.append`, read back by a query, and must come back
/// byte for byte; every name it refuses must really not come back (else data that could be
/// carried would be refused). One measurement per case, one /write per case.
final class EscapingServerGoldenTests: SharedServerTestCase {
    static let db = "escaping"
    override class var workName: String { "esc" }

    override class func prepare(_ s: TestServer) throws -> [String] {
        try s.execute("CREATE DATABASE \(db)")
        return []
    }

    /// Backslashes before every delimiter, doubled, at the start, in the middle and at the end.
    static let names: [String] = [
        "plain", #"a\,b"#, #"a\ b"#, #"a\=b"#, #"a\"b"#, #"a\\,b"#, #"a\\ b"#, #"a\\=b"#, #"a\\\,b"#, #"a\\\\,b"#,
        #"a\\\ b"#, #"a\\\=b"#, #"\\,start"#, #"\\ start"#, #"\,start"#, #"\ start"#, #"\=start"#, #"\start"#, #"mid\dle"#, #"mid\\dle"#,
        #"end\"#, #"end\\"#,
        #"bs\,comma"#, #"bs\ space"#, #"bs\=eq"#, #"\,,=east"#, #"east\ "#, #"reg\=ion"#, "a,b", "a b", "a=b", #"a"b"#,
    ]

    private enum Part: CaseIterable { case measurement, tagKey, tagValue, fieldKey }

    func testEveryNamePartAgainstTheServer() throws {
        guard let server = Self.server else { throw try XCTUnwrap(Self.setupError) }
        let client = try server.client()
        var mismatches: [String] = []
        var carried = 0
        for (i, name) in Self.names.enumerated() {
            for part in Part.allCases {
                let measurement = "c\(i)_\(part)"
                let bytes = Array(name.utf8)
                let refusal = Escaping.unrepresentable(bytes, as: namePart(part))
                let line = Self.line(part, name: bytes, measurement: measurement, caseTag: "\(i)_\(part)")
                let written = line.withUnsafeBytes { body in (try? client.write(database: Self.db, retentionPolicy: nil, body: body)) != nil
                }
                let back = written ? try readBack(part, client: client, measurement: measurement, caseTag: "\(i)_\(part)") : []
                let roundTrips = back == [bytes]
                if refusal == nil { carried += 1 }
                if (refusal == nil) != roundTrips {
                    mismatches.append(
                        "\(part) \(name.debugDescription): refusal \(refusal ?? "none"), written \(String(decoding: line, as: UTF8.self).debugDescription), "
                            + "server gave \(back.map { String(decoding: $0, as: UTF8.self).debugDescription })")
                }
            }
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertGreaterThan(carried, 60, "too few cases were representable to mean anything")
    }

    private func namePart(_ part: Part) -> NamePart {
        switch part {
        case .measurement: return .measurement
        case .tagKey: return .tagKey
        case .tagValue: return .tagValue
        case .fieldKey: return .fieldKey
        }
    }

    /// One point whose `part` is `name`; the other parts are plain.
    private static func line(_ part: Part, name: [UInt8], measurement: String, caseTag: String) -> [UInt8] {
        var out: [UInt8] = []
        Escaping.append(part == .measurement ? name : Array(measurement.utf8), as: .measurement, to: &out)
        out += Array(",case=\(caseTag)".utf8)
        if part == .tagKey || part == .tagValue {
            out.append(0x2C)
            Escaping.append(part == .tagKey ? name : Array("k".utf8), as: .tagKey, to: &out)
            out.append(0x3D)
            Escaping.append(part == .tagValue ? name : Array("v".utf8), as: .tagValue, to: &out)
        }
        out.append(0x20)
        Escaping.append(part == .fieldKey ? name : Array("f".utf8), as: .fieldKey, to: &out)
        out += Array("=1i 1\n".utf8)
        return out
    }

    /// What the server holds for the case, as the dump would read it: series names, tag keys,
    /// tag values or field columns of `SELECT * … GROUP BY *` (the raw bytes of msgpack strings).
    private func readBack(_ part: Part, client: InfluxClient, measurement: String, caseTag: String) throws -> [[UInt8]] {
        let from = part == .measurement ? "/.*/" : InfluxQL.identifier(measurement)
        let results = try client.queryValues("SELECT * FROM \(from) WHERE \"case\" = '\(caseTag)' GROUP BY *", database: Self.db)
        var out: [[UInt8]] = []
        for series in results.first?["series"]?.arrayValue ?? [] {
            switch part {
            case .measurement:
                if case .string(let b)? = series["name"] { out.append(b) }
            case .tagKey, .tagValue:
                guard case .map(let tags)? = series["tags"] else { continue }
                for (k, v) in tags {
                    guard case .string(let key) = k, case .string(let value) = v, key != Array("case".utf8), !value.isEmpty else {
                        continue
                    }
                    out.append(part == .tagKey ? key : value)
                }
            case .fieldKey:
                for c in series["columns"]?.arrayValue ?? [] {
                    if case .string(let b) = c, b != Array("time".utf8) { out.append(b) }
                }
            }
        }
        return out
    }
}
