/// Parses one point of line protocol (without its trailing `\n`) into a `ParsedPoint`.
/// Used by `verify` and the tests; it accepts what influxdump writes and what InfluxDB reads.
public enum LineProtocolParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    public static func parse(_ line: UnsafeRawBufferPointer) throws(Failure) -> ParsedPoint {
        var i = 0
        let n = line.count
        func fail(_ r: String) -> Failure { Failure(offset: i, reason: r) }

        // Name parts: read until an unescaped delimiter, dropping the escaping backslash
        // only before the characters that part escapes.
        func name(_ part: NamePart, stops: (UInt8) -> Bool) -> [UInt8] {
            var out: [UInt8] = []
            while i < n {
                let b = line[i]
                if b == 0x5C, i + 1 < n, Escaping.needsEscape(line[i + 1], part) {
                    out.append(line[i + 1]); i += 2; continue
                }
                if stops(b) { break }
                out.append(b); i += 1
            }
            return out
        }

        let measurement = name(.measurement) { $0 == 0x2C || $0 == 0x20 }
        guard !measurement.isEmpty else { throw fail("missing measurement") }
        var tags: [(key: [UInt8], value: [UInt8])] = []
        while i < n, line[i] == 0x2C {
            i += 1
            let k = name(.tagKey) { $0 == 0x3D || $0 == 0x2C || $0 == 0x20 }
            guard i < n, line[i] == 0x3D, !k.isEmpty else { throw fail("invalid tag") }
            i += 1
            let v = name(.tagValue) { $0 == 0x2C || $0 == 0x20 || $0 == 0x3D }
            guard !v.isEmpty else { throw fail("missing tag value") }
            if i < n, line[i] == 0x3D { throw fail("invalid tag") }
            tags.append((k, v))
        }
        guard i < n, line[i] == 0x20 else { throw fail("missing fields") }
        while i < n, line[i] == 0x20 { i += 1 }

        var fields: [(key: [UInt8], value: ParsedPoint.Value)] = []
        repeat {
            if !fields.isEmpty { i += 1 }  // the comma
            let k = name(.fieldKey) { $0 == 0x3D || $0 == 0x2C || $0 == 0x20 }
            guard !k.isEmpty, i < n, line[i] == 0x3D else { throw fail("invalid field") }
            i += 1
            guard i < n else { throw fail("missing field value") }
            if line[i] == 0x22 {
                i += 1
                var s: [UInt8] = []
                var closed = false
                while i < n {
                    let b = line[i]
                    if b == 0x5C, i + 1 < n, line[i + 1] == 0x5C || line[i + 1] == 0x22 {
                        s.append(line[i + 1]); i += 2; continue
                    }
                    if b == 0x22 { closed = true; i += 1; break }
                    s.append(b); i += 1
                }
                guard closed else { throw fail("unterminated string") }
                fields.append((k, .string(s)))
            } else {
                let start = i
                while i < n, line[i] != 0x2C, line[i] != 0x20 { i += 1 }
                let raw = UnsafeRawBufferPointer(rebasing: line[start..<i])
                guard let v = scalar(raw) else { i = start; throw fail("invalid field value") }
                fields.append((k, v))
            }
        } while i < n && line[i] == 0x2C

        return ParsedPoint(measurement: measurement, tags: tags, fields: fields, time: try trailingTimestamp(line, from: i))
    }

    /// The typed value of an unquoted field value; accepts exactly what `validScalar` accepts.
    static func scalar(_ raw: UnsafeRawBufferPointer) -> ParsedPoint.Value? {
        guard validScalar(raw), let last = raw.last else { return nil }
        if let i = booleanWords.firstIndex(where: { $0.elementsEqual(raw) }) { return .boolean(i < booleanWords.count / 2) }
        if last == 0x69 { return integer(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 1)])).map { .integer($0) } }
        return Double(String(decoding: raw, as: UTF8.self)).map { .float($0) }
    }

    /// The timestamp of a point written by influxdump: the digits after the last space.
    /// Cheap enough for restore's time filters; `parse` is the full check.
    public static func trailingTimestamp(_ line: UnsafeRawBufferPointer) -> Int64? {
        var i = line.count - 1
        var value: Int64 = 0
        var scale: Int64 = 1
        var digits = 0
        while i >= 0, line[i] >= 0x30, line[i] <= 0x39 {
            let (m, o1) = Int64(line[i] - 0x30).multipliedReportingOverflow(by: scale)
            let (s, o2) = value.addingReportingOverflow(m)
            if o1 || o2 { return nil }
            value = s; digits += 1; i -= 1
            if digits < 19 { scale *= 10 } else if i >= 0, line[i] >= 0x30, line[i] <= 0x39 { return nil }
        }
        guard digits > 0, i >= 0 else { return nil }
        if line[i] == 0x2D {
            // -9223372036854775808 does not fit as a positive magnitude; InfluxDB rejects it anyway.
            value = -value; i -= 1
        }
        return i >= 0 && line[i] == 0x20 ? value : nil
    }
}
