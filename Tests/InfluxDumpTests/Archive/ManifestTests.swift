import Foundation
import XCTest

@testable import ArchiveFormat
@testable import Support

final class ManifestTests: XCTestCase {
    private func sample() -> Manifest {
        var m = Fixtures.manifest(
            complete: true,
            segments: [
                Manifest.Segment(
                    path: "segments/000000.0.000.lp.zst", database: "db", retentionPolicy: "we ird.rp", measurement: #"m"q\x ü"#,
                    windowStart: .min, windowEnd: .max, part: 0, points: 3, minTime: Timestamp.minNano, maxTime: Timestamp.maxNano,
                    rawBytes: 123, compressedBytes: 45, sha256: String(repeating: "ab", count: 32),
                    fields: ["f": [.float, .integer], "s": [.string], "b": [.boolean]]),
                Manifest.Segment(
                    path: "segments/000001.2.001.lp.zst", database: "db", retentionPolicy: "autogen", measurement: "cpu",
                    windowStart: -9_222_854_400_000_000_000, windowEnd: 0, part: 1, points: 1, minTime: -1, maxTime: -1,
                    rawBytes: 9_007_199_254_740_993, compressedBytes: 1, sha256: String(repeating: "0", count: 64), fields: [:]),
            ])
        m.parameters.start = -9_223_372_036_854_775_807
        m.parameters.end = 9_223_372_036_854_775_807
        m.parameters.chunk = 3_600_000_000_000
        m.findings = ["measurement \"a\\\": measurement ends with a backslash (2 point(s) not saved)"]
        m.databases[0].continuousQueries = [
            .init(name: "cq 1", query: "CREATE CONTINUOUS QUERY \"cq 1\" ON db BEGIN SELECT mean(f) INTO x FROM m GROUP BY time(1h) END")
        ]
        return m
    }

    func testRoundTrip() throws {
        let m = sample()
        let bytes = try m.encoded()
        XCTAssertEqual(bytes.last, 0x0A)
        let back = try Manifest.decode(bytes, path: "manifest.json")
        XCTAssertEqual(back, m)
        XCTAssertEqual(back.segments[0].windowStart, Int64.min)
        XCTAssertEqual(back.segments[0].windowEnd, Int64.max)
        XCTAssertEqual(back.segments[1].rawBytes, 9_007_199_254_740_993)
        XCTAssertEqual(back.totalPoints, 4)
        XCTAssertEqual(back.totalCompressedBytes, 46)
        // Encoding is deterministic (sorted keys).
        XCTAssertEqual(try back.encoded(), bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains(#""format" : "influxdump-archive""#), text)
        XCTAssertTrue(text.contains("segments/000000.0.000.lp.zst"), "slashes are not escaped")
        XCTAssertTrue(text.contains("-9223372036854775808"))
    }

    private func json(_ m: Manifest, edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var obj = try JSONSerialization.jsonObject(with: Data(try m.encoded())) as! [String: Any]
        edit(&obj)
        return Array(try JSONSerialization.data(withJSONObject: obj))
    }

    func testNewerVersionIsRefused() throws {
        let bytes = try json(sample()) { $0["formatVersion"] = 2 }
        XCTAssertThrowsError(try Manifest.decode(bytes, path: "p/manifest.json")) {
            XCTAssertEqual($0 as? ArchiveError, .unsupportedVersion(path: "p/manifest.json", version: 2))
        }
        // Older or equal versions are read.
        XCTAssertNoThrow(try Manifest.decode(try json(sample()) { $0["formatVersion"] = 1 }, path: "p"))
    }

    func testMissingVersionIsRefused() throws {
        let bytes = try json(sample()) { $0.removeValue(forKey: "formatVersion") }
        XCTAssertThrowsError(try Manifest.decode(bytes, path: "p")) {
            // Refused either way (formats/archive-format.md: "formatVersion is absent or greater than supported").
            switch $0 as? ArchiveError {
            case .unsupportedVersion(path: "p", _)?, .manifestUnreadable(path: "p", _)?: break
            default: XCTFail("\($0)")
            }
        }
    }

    func testWrongFormatName() throws {
        for edit: (inout [String: Any]) -> Void in [
            { $0["format"] = "influxdump-archiv" }, { $0.removeValue(forKey: "format") }, { $0["format"] = 1 },
        ] {
            let bytes = try json(sample(), edit: edit)
            XCTAssertThrowsError(try Manifest.decode(bytes, path: "p")) { error in
                switch error as? ArchiveError {
                case .manifestUnreadable(path: "p", message: "format is not influxdump-archive")?: break
                case .manifestUnreadable(path: "p", message: "not JSON")?: break  // `format` of the wrong type
                default: XCTFail("\(error)")
                }
            }
        }
    }

    func testGarbage() {
        for garbage in [u8(""), u8("not json"), u8("[1,2]"), [0xFF, 0xFE, 0x00], u8("{\"format\": ")] {
            XCTAssertThrowsError(try Manifest.decode(garbage, path: "x")) {
                XCTAssertEqual($0 as? ArchiveError, .manifestUnreadable(path: "x", message: "not JSON"), show(garbage))
            }
        }
    }

    func testMissingOrMistypedKey() throws {
        let missing = try json(sample()) { $0.removeValue(forKey: "segments") }
        XCTAssertThrowsError(try Manifest.decode(missing, path: "p")) {
            XCTAssertEqual($0 as? ArchiveError, .manifestUnreadable(path: "p", message: "missing key segments"))
        }
        let mistyped = try json(sample()) { $0["complete"] = "yes" }
        XCTAssertThrowsError(try Manifest.decode(mistyped, path: "p")) {
            guard case .manifestUnreadable(path: "p", let message)? = $0 as? ArchiveError else { return XCTFail("\($0)") }
            XCTAssertTrue(message.hasPrefix("bad value at complete"), message)
        }
    }
}
