import Support

/// Line-protocol escaping, one table per name part, as measured against InfluxDB 1.6.7
/// (see formats/archive-format.md §Line protocol). Backslashes in names are never escaped: the
/// server keeps `\\` as two backslashes. In string field values `\` and `"` are escaped.
public enum Escaping {
    /// Bytes that get a `\` in front of them.
    @inline(__always)
    package static func needsEscape(_ b: UInt8, _ part: NamePart) -> Bool {
        switch part {
        case .measurement: return b == 0x2C || b == 0x20  // , space
        case .tagKey, .tagValue: return b == 0x2C || b == 0x3D || b == 0x20  // , = space
        case .fieldKey: return b == 0x2C || b == 0x3D || b == 0x20 || b == 0x22  // , = space "
        }
    }

    /// Bytes after which a literal backslash makes the name ambiguous to the server's parser.
    /// In field keys only an odd run of backslashes is: 1.6.7's `scanFields` skips `\` with the
    /// byte after it, so the written `\\\,` (stored `\\,`) stays in the key, `\\,` does not.
    /// Tag keys and values have none: 1.6.7's `scanTagsValue`/`scanTagsKey` end a tag only at a
    /// delimiter whose previous byte is not `\`, and `unescapeTag` undoes exactly `\,` `\ ` `\=`,
    /// so the escaped form of any tag name reads back as itself unless it ends in `\`
    /// (models/points.go; checked on the server by the golden table in the integration tests).
    @inline(__always)
    static func hazardAfterBackslash(_ b: UInt8, _ part: NamePart) -> Bool {
        switch part {
        case .measurement: return b == 0x2C || b == 0x20 || b == 0x3D || b == 0x22  // , space = "
        case .fieldKey: return b == 0x2C || b == 0x3D || b == 0x20  // , = space
        case .tagKey, .tagValue: return false
        }
    }

    /// Appends `name` escaped for `part`.
    public static func append<C: Collection>(_ name: C, as part: NamePart, to out: inout [UInt8]) where C.Element == UInt8 {
        for b in name {
            if needsEscape(b, part) { out.append(0x5C) }
            out.append(b)
        }
    }

    public static func escaped(_ name: String, as part: NamePart) -> String {
        var out: [UInt8] = []
        append(Array(name.utf8), as: part, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Why `name` cannot be written so that InfluxDB stores exactly these bytes, or nil if it can.
    public static func unrepresentable<C: Collection>(_ name: C, as part: NamePart) -> String? where C.Element == UInt8 {
        if name.isEmpty { return "empty \(part.rawValue)" }
        // The length of the run of backslashes right before the current byte.
        var backslashes = 0
        for b in name {
            if b == 0x0A { return "\(part.rawValue) contains a line feed" }
            if backslashes > 0, hazardAfterBackslash(b, part), part != .fieldKey || backslashes % 2 == 1 {
                return "\(part.rawValue) has a backslash before \"\(Character(Unicode.Scalar(b)))\""
            }
            backslashes = b == 0x5C ? backslashes + 1 : 0
        }
        if backslashes > 0 { return "\(part.rawValue) ends with a backslash" }
        switch part {
        case .measurement where name.first == 0x23: return "measurement starts with \"#\" (a comment line)"
        case .tagKey where name.elementsEqual("time".utf8), .fieldKey where name.elementsEqual("time".utf8):
            return "\(part.rawValue) is \"time\""
        default: return nil
        }
    }

    /// Appends a string field value with its quotes: `\` → `\\`, `"` → `\"`, all else raw
    /// (line feeds, tabs, NUL and invalid UTF-8 included).
    public static func appendStringValue<C: Collection>(_ value: C, to out: inout [UInt8]) where C.Element == UInt8 {
        // One implementation of the rule: the encoder's buffer.
        let buffer = ByteBuffer(capacity: value.count + 16)
        Array(value).withUnsafeBytes { buffer.appendQuotedString($0) }
        out.append(contentsOf: UnsafeRawBufferPointer(start: buffer.base, count: buffer.count))
    }
}
