import XCTest

@testable import Support

final class TimestampTests: XCTestCase {
    private let s = Int64(1_000_000_000)

    func testParseGolden() {
        let rows: [(String, Int64)] = [
            ("1970-01-01T00:00:00Z", 0),
            ("2009-02-13T23:31:30Z", 1_234_567_890 * s),
            ("2001-09-09T01:46:40Z", 1_000_000_000 * s),
            ("2000-01-01T00:00:00Z", 946_684_800 * s),
            ("2000-01-01", 946_684_800 * s),
            ("2024-02-29T00:00:00Z", 1_709_164_800 * s),
            ("1900-01-01T00:00:00Z", -2_208_988_800 * s),
            ("1700-03-01T00:00:00Z", -8_515_238_400 * s),
            ("1969-12-29T00:00:00Z", -259_200 * s),
            ("1969-12-31T23:59:59.999999999Z", -1),
            ("1970-01-01T00:00:00.000000001Z", 1),
            ("1970-01-01T00:00:01.5Z", 1_500_000_000),
            ("1970-01-01T00:00:00.123456789Z", 123_456_789),
            ("1970-01-01T00:00:00.1Z", 100_000_000),
            ("2009-02-14T00:31:30+01:00", 1_234_567_890 * s),
            ("2009-02-13T18:01:30-05:30", 1_234_567_890 * s),
            ("2009-02-13T23:31:30.25+00:00", 1_234_567_890 * s + 250_000_000),
            ("2009-02-13 23:31:30Z", 1_234_567_890 * s),
            ("2009-02-13t23:31:30z", 1_234_567_890 * s),
            ("2262-04-11T23:47:16.854775806Z", 9_223_372_036_854_775_806),
            ("2262-04-11T23:47:16.854775807Z", .max),
            // Integers are nanoseconds.
            ("0", 0), ("123", 123), ("-5", -5), ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ]
        for (text, expected) in rows {
            XCTAssertEqual(Timestamp.parse(text), expected, text)
        }
    }

    func testInvalidInputs() {
        for text in [
            "", "abc", "2000-13-01T00:00:00Z", "2000-00-10T00:00:00Z", "2000-01-32T00:00:00Z", "2000-01-00",
            "2000-01-01T24:00:00Z", "2000-01-01T00:60:00Z", "2000-01-01T00:00:61Z", "2000-01-01T00:00:00",
            "2000-01-01T00:00:00.Z", "2000-01-01T00:00:00.1234567891Z", "2000-01-01T00:00:00+0100",
            "2000-01-01T00:00:00+01", "2000-01-01T00:00:00Zx", "2000-01-01X00:00:00Z", "2000-1-01",
            "2000-01-01T0:00:00Z", "2000-01-01T", "2262-04-12T00:00:00Z", "2262-04-11T23:47:16.854775808Z",
            "1677-09-21T00:12:43.145224191Z", "1e9", "9223372036854775808", "1.5",
        ] {
            XCTAssertNil(Timestamp.parse(text), text)
        }
    }

    func testExtremesParseAndRoundTrip() {
        XCTAssertEqual(Timestamp.parse("1677-09-21T00:12:43.145224194Z"), Timestamp.minNano)
        XCTAssertEqual(Timestamp.parse("1677-09-21T00:12:43.145224192Z"), Int64.min)
        XCTAssertEqual(Timestamp.parse(Timestamp.format(Timestamp.minNano)), Timestamp.minNano)
        XCTAssertEqual(Timestamp.parse(Timestamp.format(-1)), -1)
        XCTAssertEqual(Timestamp.parseClamped("1677-09-20T00:00:00Z"), Int64.min)
        XCTAssertEqual(Timestamp.parseClamped("2262-04-12T00:00:00Z"), Int64.max)
    }

    func testImpossibleDatesAreRefused() {
        for text in ["2021-02-29T00:00:00Z", "2021-02-30", "2021-04-31T00:00:00Z", "1900-02-29", "2100-02-29"] {
            XCTAssertNil(Timestamp.parse(text), text)
        }
        XCTAssertEqual(Timestamp.parse("2024-02-29"), 1_709_164_800_000_000_000)
        XCTAssertEqual(Timestamp.parse("2000-02-29"), 951_782_400_000_000_000)
    }

    func testFormatGolden() {
        let rows: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00Z"),
            (1, "1970-01-01T00:00:00.000000001Z"),
            (-1, "1969-12-31T23:59:59.999999999Z"),
            (1_500_000_000, "1970-01-01T00:00:01.5Z"),
            (123_456_789, "1970-01-01T00:00:00.123456789Z"),
            (1_234_567_890 * s, "2009-02-13T23:31:30Z"),
            (951_782_400 * s, "2000-02-29T00:00:00Z"),
            (-259_200 * s, "1969-12-29T00:00:00Z"),
            (-2_208_988_800 * s + 10_000_000, "1900-01-01T00:00:00.01Z"),
            (Timestamp.minNano, "1677-09-21T00:12:43.145224194Z"),
            (Timestamp.maxNano, "2262-04-11T23:47:16.854775806Z"),
            (.max, "2262-04-11T23:47:16.854775807Z"),
            (.min, "1677-09-21T00:12:43.145224192Z"),
        ]
        for (ns, text) in rows {
            XCTAssertEqual(Timestamp.format(ns), text, "\(ns)")
        }
    }

    func testRoundTripOfFormattedTimes() {
        for ns: Int64 in [0, 1, -1, 999_999_999, -1_000_000_000, 1_700_000_000_123_000_000, Timestamp.maxNano, .max] {
            XCTAssertEqual(Timestamp.parse(Timestamp.format(ns)), ns, "\(ns)")
        }
    }

    func testRangeConstants() {
        XCTAssertEqual(Timestamp.minNano, -9_223_372_036_854_775_806)
        XCTAssertEqual(Timestamp.maxNano, 9_223_372_036_854_775_806)
    }
}
