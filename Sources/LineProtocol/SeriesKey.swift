/// The escaped `measurement,tag=value,…` of a series, and what InfluxDB's line splitter needs of
/// its tag order.
enum SeriesKey {
    /// `measurement,k=v,…` with the tags in the given order (tags with empty values left out:
    /// an empty value means "no such tag" and cannot be written).
    static func write(name: [UInt8], tags: [(key: [UInt8], value: [UInt8])]) -> [UInt8] {
        var text: [UInt8] = []
        Escaping.append(name, as: .measurement, to: &text)
        for tag in tags where !tag.value.isEmpty {
            text.append(0x2C)
            Escaping.append(tag.key, as: .tagKey, to: &text)
            text.append(0x3D)
            Escaping.append(tag.value, as: .tagValue, to: &text)
        }
        return text
    }

    /// Tags sorted by key (unsigned bytes), the order influxdump writes.
    static func sorted(_ tags: [(key: [UInt8], value: [UInt8])]) -> [(key: [UInt8], value: [UInt8])] {
        tags.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// Another order for the same tags, for a point the splitter would misread in sorted order:
    /// tags holding `"` first, tags holding `\` last. The splitter's quote tracking can only go
    /// wrong after a `\` before a delimiter, so a `"` written before every such `\` is harmless.
    /// InfluxDB sorts the tags of every point it parses, so the series stored is the same.
    static func splitterSafe(_ tags: [(key: [UInt8], value: [UInt8])]) -> [(key: [UInt8], value: [UInt8])] {
        func rank(_ t: (key: [UInt8], value: [UInt8])) -> Int {
            if t.key.contains(0x22) || t.value.contains(0x22) { return 0 }
            return t.key.contains(0x5C) || t.value.contains(0x5C) ? 2 : 1
        }
        return sorted(tags).enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// Whether InfluxDB's line splitter (`scanLine` in models/points.go, mirrored by
    /// `LineProtocolScanner`) ends `line` at its own final `\n` and nowhere else. The splitter skips
    /// every `\` with the byte after it, so a tag name holding `\ ` or `\=` (written `\\ `, `\\=`)
    /// can shift its quote tracking, and a raw `"` later in the key then opens a "string".
    static func splitsAsOnePoint(_ line: UnsafeRawBufferPointer) -> Bool {
        var scanner = LineProtocolScanner()
        var boundaries = 0
        var last = -1
        scanner.scan(line) {
            boundaries += 1
            last = $0
        }
        return boundaries == 1 && last == line.count - 1 && scanner.atBoundary
    }
}
