import Foundation
import XCTest

@testable import Jobs

final class CronExpressionTests: XCTestCase {
    private static let utc = TimeZone(identifier: "UTC")!

    private func date(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        guard let d = f.date(from: text) else {
            XCTFail("bad RFC3339 literal \(text)", file: file, line: line)
            return Date(timeIntervalSince1970: 0)
        }
        return d
    }

    private func format(_ date: Date?) -> String {
        guard let date else { return "nil" }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = Self.utc
        return f.string(from: date)
    }

    // MARK: next fire time

    func testNextFireTimes() throws {
        // (expression, after, expected next); all times UTC.
        let table: [(String, String, String)] = [
            // Steps over the whole range.
            ("*/15 * * * *", "2026-03-10T10:07:00Z", "2026-03-10T10:15:00Z"),
            ("*/15 * * * *", "2026-03-10T10:45:00Z", "2026-03-10T11:00:00Z"),  // strictly after
            ("*/15 * * * *", "2026-03-10T10:15:30Z", "2026-03-10T10:30:00Z"),  // inside a matching minute
            ("*/15 * * * *", "2026-03-10T23:59:30Z", "2026-03-11T00:00:00Z"),
            // Daily at 03:00, before, at and after.
            ("0 3 * * *", "2026-03-10T02:59:59Z", "2026-03-10T03:00:00Z"),
            ("0 3 * * *", "2026-03-10T03:00:00Z", "2026-03-11T03:00:00Z"),
            ("0 3 * * *", "2026-03-10T17:42:00Z", "2026-03-11T03:00:00Z"),
            // Weekdays only: Friday 2026-03-13 evening → Monday 2026-03-16.
            ("30 2 * * 1-5", "2026-03-13T20:00:00Z", "2026-03-16T02:30:00Z"),
            ("30 2 * * 1-5", "2026-03-10T01:00:00Z", "2026-03-10T02:30:00Z"),
            // The 31st skips 30-day months and February; Jan 31 → Mar 31.
            ("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"),
            ("0 0 31 * *", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z"),
            ("0 0 31 * *", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z"),
            // Feb 29 only in leap years.
            ("0 0 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
            // Year rollover.
            ("59 23 31 12 *", "2026-12-31T23:58:00Z", "2026-12-31T23:59:00Z"),
            ("59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z"),
            ("0 0 1 1 *", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"),
            // Quarterly: months 1, 4, 7, 10.
            ("0 0 1 */3 *", "2026-02-15T12:00:00Z", "2026-04-01T00:00:00Z"),
            ("0 0 1 */3 *", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            // Lists.
            ("0 8,12,18 * * *", "2026-03-10T08:00:00Z", "2026-03-10T12:00:00Z"),
            ("0 8,12,18 * * *", "2026-03-10T18:30:00Z", "2026-03-11T08:00:00Z"),
            // Ranges with steps: minutes 0, 10, 20, 30.
            ("0-30/10 * * * *", "2026-03-10T10:05:00Z", "2026-03-10T10:10:00Z"),
            ("0-30/10 * * * *", "2026-03-10T10:30:00Z", "2026-03-10T11:00:00Z"),
            // A start with a step runs to the end of the range: 5, 25, 45.
            ("5/20 * * * *", "2026-03-10T10:30:00Z", "2026-03-10T10:45:00Z"),
            // Names: Mondays of January and July.
            ("0 9 * jan,jul mon", "2026-01-01T00:00:00Z", "2026-01-05T09:00:00Z"),
            ("0 9 * jan,jul mon", "2026-01-05T09:00:00Z", "2026-01-12T09:00:00Z"),
            ("0 9 * jan,jul mon", "2026-01-26T09:00:00Z", "2026-07-06T09:00:00Z"),
            ("0 9 * * MON-FRI", "2026-03-14T00:00:00Z", "2026-03-16T09:00:00Z"),
            // Shorthands (2026-03-10 is a Tuesday).
            ("@hourly", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"),
            ("@daily", "2026-03-10T10:00:00Z", "2026-03-11T00:00:00Z"),
            ("@midnight", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z"),
            ("@weekly", "2026-03-10T10:00:00Z", "2026-03-15T00:00:00Z"),
            ("@monthly", "2026-03-10T10:00:00Z", "2026-04-01T00:00:00Z"),
            ("@yearly", "2026-03-10T10:00:00Z", "2027-01-01T00:00:00Z"),
            ("@annually", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
            // 7 is Sunday, like 0.
            ("0 12 * * 7", "2026-03-10T10:00:00Z", "2026-03-15T12:00:00Z"),
            ("0 12 * * 0", "2026-03-10T10:00:00Z", "2026-03-15T12:00:00Z"),
            // Both day fields restricted: the 13th OR a Friday.
            ("0 0 13 * 5", "2026-03-13T00:00:00Z", "2026-03-20T00:00:00Z"),  // next Friday
            ("0 0 13 * 5", "2026-04-01T00:00:00Z", "2026-04-03T00:00:00Z"),  // Friday the 3rd
            ("0 0 13 * 5", "2026-04-10T00:00:00Z", "2026-04-13T00:00:00Z"),  // Monday the 13th
        ]
        XCTAssertGreaterThanOrEqual(table.count, 25)
        for (expression, after, expected) in table {
            let cron = try CronExpression(expression)
            XCTAssertEqual(format(cron.next(after: date(after), in: Self.utc)), expected, "\(expression) after \(after)")
        }
    }

    func testDefaultTimeZoneIsUTC() throws {
        let cron = try CronExpression("0 3 * * *")
        XCTAssertEqual(format(cron.next(after: date("2026-03-10T04:00:00Z"))), "2026-03-11T03:00:00Z")
    }

    func testTimeZone() throws {
        let paris = try XCTUnwrap(TimeZone(identifier: "Europe/Paris"))
        let cron = try CronExpression("0 3 * * *")
        // Winter: CET, UTC+1.
        XCTAssertEqual(format(cron.next(after: date("2026-01-15T12:00:00Z"), in: paris)), "2026-01-16T02:00:00Z")
        XCTAssertEqual(format(cron.next(after: date("2026-01-16T01:59:00Z"), in: paris)), "2026-01-16T02:00:00Z")
        // Summer: CEST, UTC+2.
        XCTAssertEqual(format(cron.next(after: date("2026-07-15T12:00:00Z"), in: paris)), "2026-07-16T01:00:00Z")
        // Midnight in Tokyo (UTC+9, no DST) is 15:00Z the day before.
        let tokyo = try XCTUnwrap(TimeZone(identifier: "Asia/Tokyo"))
        XCTAssertEqual(format(try CronExpression("@daily").next(after: date("2026-03-10T16:00:00Z"), in: tokyo)), "2026-03-11T15:00:00Z")
    }

    func testFallBackDayDoesNotLoop() throws {
        // 2026-10-25 in Paris: 03:00 CEST becomes 02:00 CET, so 02:00–03:00 happens twice.
        let paris = try XCTUnwrap(TimeZone(identifier: "Europe/Paris"))
        XCTAssertEqual(format(try CronExpression("0 3 * * *").next(after: date("2026-10-24T12:00:00Z"), in: paris)), "2026-10-25T02:00:00Z")
        XCTAssertEqual(
            format(try CronExpression("30 4 * * *").next(after: date("2026-10-24T12:00:00Z"), in: paris)), "2026-10-25T03:30:00Z")
    }

    func testStepsInDayFieldsRestrictTheDay() throws {
        // `*/2` in a day field is a restriction (odd days / every other weekday), combined with AND.
        XCTAssertEqual(format(try CronExpression("0 0 */2 * *").next(after: date("2026-03-01T00:00:00Z"))), "2026-03-03T00:00:00Z")
        XCTAssertEqual(format(try CronExpression("0 0 * * */2").next(after: date("2026-03-01T00:00:00Z"))), "2026-03-03T00:00:00Z")
        XCTAssertEqual(format(try CronExpression("0 0 */2 * 1").next(after: date("2026-03-01T00:00:00Z"))), "2026-03-09T00:00:00Z")
    }

    func testNeverFiring() throws {
        XCTAssertNil(try CronExpression("0 0 30 2 *").next(after: date("2026-01-01T00:00:00Z")))
        XCTAssertNil(try CronExpression("0 0 31 4 *").next(after: date("2026-01-01T00:00:00Z")))
    }

    func testDescriptionIsTheText() throws {
        XCTAssertEqual(try CronExpression("@daily").description, "@daily")
        XCTAssertEqual(try CronExpression("0 3 * * *").description, "0 3 * * *")
    }

    func testWhitespaceBetweenFields() throws {
        let cron = try CronExpression("0  3\t* * *")
        XCTAssertEqual(format(cron.next(after: date("2026-03-10T04:00:00Z"))), "2026-03-11T03:00:00Z")
    }

    // MARK: parse errors

    func testParseErrors() {
        let table: [(String, String)] = [
            ("* * * *", "expected 5 fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly/@yearly, got \"* * * *\""),
            (
                "0 0 * * * *",
                "expected 5 fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly/@yearly, got \"0 0 * * * *\""
            ),
            ("", "expected 5 fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly/@yearly, got \"\""),
            ("@often", "expected 5 fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly/@yearly, got \"@often\""),
            ("60 * * * *", "minute \"60\" is not in 0-59"),
            ("* 24 * * *", "hour \"24\" is not in 0-23"),
            ("* * 0 * *", "day of month \"0\" is not in 1-31"),
            ("* * 32 * *", "day of month \"32\" is not in 1-31"),
            ("* * * 13 *", "month \"13\" is not in 1-12"),
            ("* * * 0 *", "month \"0\" is not in 1-12"),
            ("* * * * 8", "day of week \"8\" is not in 0-7"),
            ("*/0 * * * *", "minute step \"0\" is not a positive number"),
            ("*/x * * * *", "minute step \"x\" is not a positive number"),
            ("5-1 * * * *", "minute range \"5-1\" runs backwards"),
            ("* * * dec-jan *", "month range \"dec-jan\" runs backwards"),
            ("* * * foo *", "month \"foo\" is not in 1-12"),
            ("* * * * funday", "day of week \"funday\" is not in 0-7"),
            ("* * * * mon-xyz", "day of week \"xyz\" is not in 0-7"),
            ("1,,2 * * * *", "minute \"\" is not valid"),
            ("*/5/2 * * * *", "minute \"*/5/2\" is not valid"),
            ("-5 * * * *", "minute \"\" is not in 0-59"),
        ]
        for (expression, message) in table {
            XCTAssertThrowsError(try CronExpression(expression), expression) { error in
                XCTAssertEqual((error as? CronExpression.ParseError)?.description, message, expression)
            }
        }
    }
}
