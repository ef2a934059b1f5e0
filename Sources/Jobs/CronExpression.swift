import Foundation

/// A 5-field CRON expression (`minute hour day-of-month month day-of-week`) with `*`, lists,
/// ranges, steps (`*/15`, `1-10/2`), month and weekday names, and the shorthands `@hourly`,
/// `@daily`, `@weekly`, `@monthly`, `@yearly`. As in Vixie cron, when both day fields are
/// restricted a day matches if either does. Times are computed in the job's time zone.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    let minutes: Set<Int>, hours: Set<Int>, days: Set<Int>, months: Set<Int>, weekdays: Set<Int>
    /// A day field written with `*` (`*`, `*/2`): as in Vixie cron, a day then matches when both
    /// day fields match; when neither starts with `*`, when either does.
    let daysStar: Bool, weekdaysStar: Bool

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        self.text = text
        let shorthand: [String: String] = [
            "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
            "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
        ]
        let expanded = shorthand[text.trimmingCharacters(in: .whitespaces).lowercased()] ?? text
        let parts = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw ParseError(
                description: "expected 5 fields (minute hour day month weekday) or @hourly/@daily/@weekly/@monthly/@yearly, got \"\(text)\""
            )
        }
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        minutes = try Self.field(parts[0], "minute", 0...59, names: [], offset: 0)
        hours = try Self.field(parts[1], "hour", 0...23, names: [], offset: 0)
        days = try Self.field(parts[2], "day of month", 1...31, names: [], offset: 0)
        months = try Self.field(parts[3], "month", 1...12, names: monthNames, offset: 1)
        // 7 is Sunday too.
        weekdays = Set(try Self.field(parts[4], "day of week", 0...7, names: dayNames, offset: 0).map { $0 % 7 })
        daysStar = parts[2].hasPrefix("*")
        weekdaysStar = parts[4].hasPrefix("*")
    }

    static func field(_ text: String, _ what: String, _ range: ClosedRange<Int>, names: [String], offset: Int) throws(ParseError) -> Set<
        Int
    > {
        func value(_ s: String) throws(ParseError) -> Int {
            if let i = names.firstIndex(of: s.lowercased()) { return i + offset }
            guard let v = Int(s), range.contains(v) else {
                throw ParseError(description: "\(what) \"\(s)\" is not in \(range.lowerBound)-\(range.upperBound)")
            }
            return v
        }
        var out = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard stepParts.count <= 2, !stepParts[0].isEmpty else { throw ParseError(description: "\(what) \"\(item)\" is not valid") }
            var step = 1
            if stepParts.count == 2 {
                guard let s = Int(stepParts[1]), s > 0 else {
                    throw ParseError(description: "\(what) step \"\(stepParts[1])\" is not a positive number")
                }
                step = s
            }
            var lo: Int, hi: Int
            if stepParts[0] == "*" {
                lo = range.lowerBound; hi = range.upperBound
                if what == "day of week" { hi = 6 }
            } else if let dash = stepParts[0].firstIndex(of: "-") {
                lo = try value(String(stepParts[0][..<dash]))
                hi = try value(String(stepParts[0][stepParts[0].index(after: dash)...]))
                guard lo <= hi else { throw ParseError(description: "\(what) range \"\(stepParts[0])\" runs backwards") }
            } else {
                lo = try value(stepParts[0])
                hi = stepParts.count == 2 ? range.upperBound : lo
            }
            for v in stride(from: lo, through: hi, by: step) { out.insert(v) }
        }
        return out
    }

    public var description: String { text }

    /// The first time strictly after `date` that matches, or nil if none within 8 years
    /// (an expression like `0 0 30 2 *` never fires).
    public func next(after date: Date, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> Date? {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        var c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date.addingTimeInterval(60))
        c.second = 0
        guard var t = cal.date(from: c) else { return nil }
        let limit = date.addingTimeInterval(8 * 366 * 86_400)
        while t <= limit {
            let p = cal.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: t)
            guard let month = p.month, let day = p.day, let hour = p.hour, let minute = p.minute, let wd = p.weekday else { return nil }
            if !months.contains(month) {
                // First minute of the next month.
                guard let m = cal.date(from: DateComponents(year: p.year, month: month, day: 1)),
                    let n = cal.date(byAdding: .month, value: 1, to: m)
                else { return nil }
                t = n > t ? n : t.addingTimeInterval(60); continue
            }
            if !dayMatches(day: day, weekday: wd - 1) {
                guard let d = cal.date(from: DateComponents(year: p.year, month: month, day: day)),
                    let n = cal.date(byAdding: .day, value: 1, to: d)
                else { return nil }
                t = n > t ? n : t.addingTimeInterval(60); continue
            }
            if !hours.contains(hour) {
                // To the next hour boundary in absolute time: on a fall-back day the same wall-clock
                // hour comes twice, and rebuilding it from components would loop.
                t = t.addingTimeInterval(Double(60 - minute) * 60)
                continue
            }
            if !minutes.contains(minute) { t = t.addingTimeInterval(60); continue }
            return t
        }
        return nil
    }

    func dayMatches(day: Int, weekday: Int) -> Bool {
        daysStar || weekdaysStar ? days.contains(day) && weekdays.contains(weekday) : days.contains(day) || weekdays.contains(weekday)
    }
}
