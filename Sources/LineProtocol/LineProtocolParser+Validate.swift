import Foundation

extension LineProtocolParser {
    /// Checks one point exactly as `parse` does (same failures, same offsets) without building
    /// it: no allocation per point, which is what `verify` needs. Returns the measurement's
    /// escaped byte range and the timestamp.
    public static func validate(_ line: UnsafeRawBufferPointer) throws(Failure) -> (measurement: Range<Int>, time: Int64?) {
        var i = 0
        let n = line.count
        func fail(_ r: String) -> Failure { Failure(offset: i, reason: r) }

        /// Skips a name part; returns its length in unescaped bytes.
        func skipName(_ part: NamePart, stops: (UInt8) -> Bool) -> Int {
            var length = 0
            while i < n {
                let b = line[i]
                if b == 0x5C, i + 1 < n, Escaping.needsEscape(line[i + 1], part) { i += 2; length += 1; continue }
                if stops(b) { break }
                i += 1; length += 1
            }
            return length
        }

        guard skipName(.measurement, stops: { $0 == 0x2C || $0 == 0x20 }) > 0 else { throw fail("missing measurement") }
        let measurement = 0..<i
        while i < n, line[i] == 0x2C {
            i += 1
            let key = skipName(.tagKey) { $0 == 0x3D || $0 == 0x2C || $0 == 0x20 }
            guard i < n, line[i] == 0x3D, key > 0 else { throw fail("invalid tag") }
            i += 1
            guard skipName(.tagValue, stops: { $0 == 0x2C || $0 == 0x20 || $0 == 0x3D }) > 0 else { throw fail("missing tag value") }
            if i < n, line[i] == 0x3D { throw fail("invalid tag") }
        }
        guard i < n, line[i] == 0x20 else { throw fail("missing fields") }
        while i < n, line[i] == 0x20 { i += 1 }

        var first = true
        repeat {
            if !first { i += 1 }
            first = false
            let key = skipName(.fieldKey) { $0 == 0x3D || $0 == 0x2C || $0 == 0x20 }
            guard key > 0, i < n, line[i] == 0x3D else { throw fail("invalid field") }
            i += 1
            guard i < n else { throw fail("missing field value") }
            if line[i] == 0x22 {
                i += 1
                var closed = false
                while i < n {
                    let b = line[i]
                    if b == 0x5C, i + 1 < n, line[i + 1] == 0x5C || line[i + 1] == 0x22 { i += 2; continue }
                    if b == 0x22 { closed = true; i += 1; break }
                    i += 1
                }
                guard closed else { throw fail("unterminated string") }
            } else {
                let start = i
                while i < n, line[i] != 0x2C, line[i] != 0x20 { i += 1 }
                guard validScalar(UnsafeRawBufferPointer(rebasing: line[start..<i])) else { i = start; throw fail("invalid field value") }
            }
        } while i < n && line[i] == 0x2C

        return (measurement, try trailingTimestamp(line, from: i))
    }

    /// What follows the fields, for `parse` and `validate` alike: nothing, or spaces and an
    /// int64 timestamp that ends the line.
    static func trailingTimestamp(_ line: UnsafeRawBufferPointer, from start: Int) throws(Failure) -> Int64? {
        let n = line.count
        var i = start
        guard i < n else { return nil }
        guard line[i] == 0x20 else { throw Failure(offset: i, reason: "unexpected character after fields") }
        while i < n, line[i] == 0x20 { i += 1 }
        let digits = i
        while i < n, line[i] != 0x20 { i += 1 }
        guard let t = integer(UnsafeRawBufferPointer(rebasing: line[digits..<i])) else {
            throw Failure(offset: digits, reason: "invalid timestamp")
        }
        guard i == n else { throw Failure(offset: i, reason: "unexpected text after timestamp") }
        return t
    }

    /// `-?[0-9]+` within Int64, like `Int64(String)` but refusing a leading `+` (as InfluxDB does).
    static func integer(_ raw: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        let negative = raw.first == 0x2D
        if negative { i = 1 }
        guard i < raw.count else { return nil }
        var magnitude: UInt64 = 0
        while i < raw.count {
            let b = raw[i]
            guard b >= 0x30, b <= 0x39 else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b - 0x30))
            guard !o1, !o2 else { return nil }
            magnitude = a
            i += 1
        }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// `-?[0-9]*(\.[0-9]*)?` with at least one digit: a float strtod reads whole and finitely
    /// when it has no exponent and fewer than 64 characters.
    static func plainDecimal(_ raw: UnsafeRawBufferPointer) -> Bool {
        var i = raw.first == 0x2D ? 1 : 0
        var digits = 0
        var dot = false
        while i < raw.count {
            let b = raw[i]
            if b >= 0x30 && b <= 0x39 {
                digits += 1
            } else if b == 0x2E && !dot {
                dot = true
            } else {
                return false
            }
            i += 1
        }
        return digits > 0
    }

    /// The spellings InfluxDB accepts for true (first half) and false (second half).
    static let booleanWords: [[UInt8]] = ["t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"].map { Array($0.utf8) }

    /// The same values `scalar` accepts, without building them.
    static func validScalar(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard let last = raw.last else { return false }
        if booleanWords.contains(where: { $0.elementsEqual(raw) }) { return true }
        if last == 0x69 { return integer(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 1)])) != nil }
        guard raw.first != 0x2B, raw.count < 64,
            raw.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 })
        else { return false }
        // Without an exponent, fewer than 64 characters can never overflow: a decimal
        // `-?digits[.digits]` (some digit present) is exactly what strtod would accept whole.
        if !raw.contains(0x65) && !raw.contains(0x45) { return plainDecimal(raw) }
        // strtod on a NUL-terminated stack copy: the whole text must be one finite number.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: raw.count + 1) { buf -> Bool in
            for (k, b) in raw.enumerated() { buf[k] = CChar(bitPattern: b) }
            buf[raw.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buf.baseAddress!, &end)
            return end == buf.baseAddress! + raw.count && value.isFinite
        }
    }
}
