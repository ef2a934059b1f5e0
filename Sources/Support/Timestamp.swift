import Foundation

/// Nanosecond timestamps: parsing user input and printing for humans.
///
/// InfluxDB stores int64 nanoseconds since the Unix epoch. Valid point times are
/// `minNano ... maxNano`; window bounds may use the full Int64 range (end is exclusive).
public enum Timestamp {
    public static let minNano: Int64 = -9_223_372_036_854_775_806
    public static let maxNano: Int64 = 9_223_372_036_854_775_806

    /// Parses an integer nanosecond count or an RFC3339 time (`2026-11-21T00:00:00Z`,
    /// fractional seconds up to 9 digits, `Z` or `±hh:mm`).
    /// `date` in nanoseconds since the epoch, to the microsecond Foundation gives: "now" for every
    /// cut-off, fallback and retention computation (one rounding everywhere).
    public static func nanoseconds(_ date: Date = Date()) -> Int64 { Int64((date.timeIntervalSince1970 * 1e6).rounded(.down)) * 1000 }

    /// `date` truncated to whole seconds, in nanoseconds: for times printed to the second (a
    /// manifest's `createdAt`, log lines), so that the printed time reads back as this value.
    public static func wholeSeconds(_ date: Date = Date()) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) * 1_000_000_000 }

    public static func parse(_ text: String) -> Int64? {
        if let ns = Int64(text) { return ns }
        return parseRFC3339(text)
    }

    /// Like `parse`, but a time outside the int64 nanosecond range is clamped to Int64.min/max
    /// (SHOW SHARDS prints the first shard group as starting on 1677-09-20, before that range).
    public static func parseClamped(_ text: String) -> Int64? {
        if let ns = Int64(text) { return ns }
        return parseRFC3339(text, clamp: true)
    }

    static func parseRFC3339(_ text: String, clamp: Bool = false) -> Int64? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= b.count else { return nil }
            var v: Int64 = 0
            for i in from..<(from + len) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        // Date-only form: YYYY-MM-DD means midnight UTC.
        guard b.count >= 10, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
            (1...12).contains(mo), d >= 1, d <= daysInMonth(y, mo)
        else { return nil }
        var h: Int64 = 0, mi: Int64 = 0, s: Int64 = 0, frac: Int64 = 0, offset: Int64 = 0
        var i = 10
        if b.count > 10 {
            guard b[10] == 84 || b[10] == 116 || b[10] == 32, let hh = num(11, 2), b.count > 13, b[13] == 58,
                let mm = num(14, 2), b.count > 16, b[16] == 58, let ss = num(17, 2)
            else { return nil }
            guard hh < 24, mm < 60, ss < 61 else { return nil }
            h = hh; mi = mm; s = ss
            i = 19
            if i < b.count, b[i] == 46 {
                i += 1
                var digits = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    guard digits < 9 else { return nil }
                    frac = frac * 10 + Int64(b[i] - 48); digits += 1; i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<9 { frac *= 10 }
            }
            guard i < b.count else { return nil }
            if b[i] == 90 || b[i] == 122 {
                i += 1
            } else if b[i] == 43 || b[i] == 45 {
                guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2) else { return nil }
                offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
                i += 6
            } else {
                return nil
            }
            guard i == b.count else { return nil }
        }
        let days = daysFromCivil(y, mo, d)
        let seconds = days * 86_400 + h * 3600 + mi * 60 + s - offset
        // Borrow one second for negative times so MinNanoTime (…43.145224194 in 1677) fits.
        let borrow: Int64 = seconds < 0 && frac > 0 ? 1 : 0
        let (ns, o1) = (seconds + borrow).multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = ns.addingReportingOverflow(frac - borrow * 1_000_000_000)
        if o1 || o2 { return clamp ? (seconds < 0 ? .min : .max) : nil }
        return total
    }

    /// Formats nanoseconds as RFC3339 UTC with all nine fractional digits trimmed of trailing zeros.
    public static func format(_ ns: Int64) -> String {
        var secs = ns / 1_000_000_000
        var frac = ns % 1_000_000_000
        if frac < 0 { frac += 1_000_000_000; secs -= 1 }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        var out = String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld", y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
        if frac != 0 {
            var f = String(format: "%09lld", frac)
            while f.hasSuffix("0") { f.removeLast() }
            out += "." + f
        }
        return out + "Z"
    }

    static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
