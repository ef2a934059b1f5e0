/// A TSM key (`series#!~#field`) taken apart by the server's own rules (`models/points.go`:
/// `SeriesAndFieldFromCompositeKey`, `ParseKeyBytes`, `walkTags`, `unescapeMeasurement`,
/// `unescapeTag`), so a name reads back exactly as the server reads it.
public enum TSMKey {
    /// `tagEscapeCodes`: comma, space, equals sign.
    static let tagEscapes: [UInt8] = [0x2C, 0x20, 0x3D]

    /// The series key and the field key, split at the first `#!~#` (a key without one is all series).
    public static func split(_ key: [UInt8]) -> (series: ArraySlice<UInt8>, field: ArraySlice<UInt8>) {
        let n = key.count
        var i = 0
        while i + 4 <= n {
            if key[i] == 0x23, key[i + 1] == 0x21, key[i + 2] == 0x7E, key[i + 3] == 0x23 {
                return (key[..<i], key[(i + 4)...])
            }
            i += 1
        }
        return (key[...], key[n...])
    }

    /// Where the measurement of a series key ends: at its first comma not after a backslash
    /// (`scanMeasurement`), or at the end. Also stops at such a space, which the engine then
    /// takes as the end of the key (`unescapedSpace`).
    static func measurementEnd(_ series: ArraySlice<UInt8>) -> (end: Int, unescapedSpace: Bool) {
        var i = series.startIndex
        // A key that starts with a comma has an empty name (`scanMeasurement` checks byte 0 first).
        guard i < series.endIndex, series[i] != 0x2C else { return (i, false) }
        while true {
            i += 1
            if i >= series.endIndex { return (i, false) }
            if series[i - 1] == 0x5C { continue }
            if series[i] == 0x2C { return (i, false) }
            if series[i] == 0x20 { return (i, true) }
        }
    }

    /// The measurement name, unescaped (`\,` and `\ ` only; every other backslash is literal).
    public static func measurement(_ series: ArraySlice<UInt8>) -> [UInt8] {
        let raw = series[series.startIndex..<measurementEnd(series).end]
        return raw.contains(0x5C) ? unescape(Array(raw), [0x2C, 0x20]) : Array(raw)
    }

    /// The tags of a series key, unescaped, in key order (`walkTags`: a pair with an empty value
    /// is skipped; the escapes of the whole key decide whether to unescape).
    public static func tags(_ series: ArraySlice<UInt8>) -> [(key: [UInt8], value: [UInt8])] {
        // In place: an array slice's storage is contiguous (the fallback copies).
        series.withContiguousStorageIfAvailable { tags(in: $0) } ?? Array(series).withUnsafeBufferPointer { tags(in: $0) }
    }

    private static func tags(in buf: UnsafeBufferPointer<UInt8>) -> [(key: [UInt8], value: [UInt8])] {
        guard !buf.isEmpty else { return [] }
        let (comma, name) = scan(buf, 0, to: 0x2C)
        guard !name.isEmpty else { return [] }
        var i = comma
        let escaped = buf.contains(0x5C)
        var out: [(key: [UInt8], value: [UInt8])] = []
        i += 1
        while i < buf.count {
            let key: Slice<UnsafeBufferPointer<UInt8>>
            (i, key) = scan(buf, i, to: 0x3D)
            let start = i + 1
            i = start
            while i < buf.count, !(buf[i] == 0x2C && buf[i - 1] != 0x5C) { i += 1 }
            let value = start < buf.count ? buf[start..<i] : buf[buf.count..<buf.count]
            if value.isEmpty { continue }
            out.append(escaped ? (unescape(Array(key), tagEscapes), unescape(Array(value), tagEscapes)) : (Array(key), Array(value)))
            i += 1
        }
        return out
    }

    /// `scanTo`: from `i` to the first `stop` not after a backslash.
    private static func scan(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, to stop: UInt8) -> (Int, Slice<UnsafeBufferPointer<UInt8>>) {
        var i = start
        while i < buf.count {
            if buf[i] == stop && (i == 0 || buf[i - 1] != 0x5C) { break }
            i += 1
        }
        return (i, buf[start..<i])
    }

    /// `bytes.Replace(in, "\c", "c")` for each `c` in turn, as the server does (one pass per
    /// character, left to right, without overlap).
    static func unescape(_ input: [UInt8], _ characters: [UInt8]) -> [UInt8] {
        var s = input
        for c in characters where s.contains(c) {
            var out: [UInt8] = []
            out.reserveCapacity(s.count)
            var i = 0
            while i < s.count {
                if s[i] == 0x5C, i + 1 < s.count, s[i + 1] == c {
                    out.append(c)
                    i += 2
                } else {
                    out.append(s[i])
                    i += 1
                }
            }
            s = out
        }
        return s
    }
}
