/// Quoting for InfluxQL text. InfluxQL identifiers escape `\` and `"` (escaping only `"` makes
/// `back\slash` a parse error and `dbl\\bs` silently match nothing on 1.6.7).
public enum InfluxQL {
    public static func identifier(_ name: String) -> String {
        var out = "\""
        for c in name.unicodeScalars {
            if c == "\\" || c == "\"" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out + "\""
    }

    /// Identifier from raw bytes. 1.6.7 stores names that are not UTF-8; no identifier can name
    /// them exactly (schema discovery reports them), so decoding is lossless only for valid ones.
    public static func identifier(bytes: [UInt8]) -> String {
        identifier(String(decoding: bytes, as: UTF8.self))
    }

    /// A single-quoted string literal.
    public static func string(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            if c == "\\" || c == "'" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out + "'"
    }

    /// `"db"."rp"."m"`. A measurement that a quoted identifier cannot name (1.6.7's scanner refuses
    /// NUL and CR there, though /write stores such names) becomes `/^…$/`, an anchored regex of
    /// escaped code points that matches that name and no other.
    public static func source(database: String, retentionPolicy: String, measurement: String) -> String {
        "\(identifier(database)).\(identifier(retentionPolicy)).\(measurementTerm(measurement))"
    }

    /// The measurement part of a `FROM` clause (see `source`).
    public static func measurementTerm(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { $0 == "\0" || $0 == "\r" }) else { return identifier(name) }
        return exactRegex(name)
    }

    /// `/^…$/` matching exactly `name`: letters, digits and `_` as they are, every other code
    /// point as `\x{HEX}` (so no `/`, `\` or regex syntax is left unescaped).
    public static func exactRegex(_ name: String) -> String {
        var out = "/^"
        for c in name.unicodeScalars {
            if c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" {
                out.unicodeScalars.append(c)
            } else {
                out += "\\x{" + String(c.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out + "$/"
    }
}
