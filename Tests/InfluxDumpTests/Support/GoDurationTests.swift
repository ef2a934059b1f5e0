import XCTest

@testable import Support

final class GoDurationTests: XCTestCase {
    private let sec = Int64(1_000_000_000)

    func testParseGolden() {
        let rows: [(String, Int64)] = [
            ("168h0m0s", 604_800 * sec),
            ("1h0m0s", 3_600 * sec),
            ("24h0m0s", 86_400 * sec),
            ("87360h0m0s", 87_360 * 3_600 * sec),
            ("0s", 0),
            ("0", 0),
            ("7d", 604_800 * sec),
            ("1w", 604_800 * sec),
            ("2w1d", 15 * 86_400 * sec),
            ("500ms", 500_000_000),
            ("1h30m", 5_400 * sec),
            ("90s", 90 * sec),
            ("1us", 1_000), ("1µs", 1_000), ("1u", 1_000), ("1ns", 1),
            ("9223372036854775807ns", .max),
            ("106751d", 106_751 * 86_400 * sec),
        ]
        for (text, expected) in rows {
            XCTAssertEqual(GoDuration.parse(text), expected, text)
        }
    }

    func testParseInvalid() {
        for text in [
            "", "h", "5", "5x", "1.5h", "-1h", "1h ", " 1h", "1H", "1hm", "inf", "INF",
            "9223372036854775808ns", "106752d", "15250285w", "99999999999999999999s",
        ] {
            XCTAssertNil(GoDuration.parse(text), text)
        }
    }

    func testInfluxQLFormatting() {
        let rows: [(Int64, String)] = [
            (0, "INF"),
            (604_800 * sec, "1w"),
            (2 * 604_800 * sec, "2w"),
            (14 * 86_400 * sec, "2w"),
            (8 * 86_400 * sec, "8d"),
            (86_400 * sec, "1d"),
            (3_600 * sec, "1h"),
            (25 * 3_600 * sec, "25h"),
            (90 * 60 * sec, "90m"),
            (sec, "1s"),
            (1_500_000_000, "1500ms"),
            (1_000_000, "1ms"),
            (1_000, "1u"),
            (1_500, "1500ns"),
            (1, "1ns"),
        ]
        for (ns, text) in rows {
            XCTAssertEqual(GoDuration.influxQL(ns), text, "\(ns)")
        }
    }
}
