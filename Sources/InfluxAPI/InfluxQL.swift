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

    /// Identifier from raw bytes (measurement names may hold invalid UTF-8 only in theory:
    /// the server validates names, so decoding is lossless for anything it stores).
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

    /// `"db"."rp"."m"`.
    public static func source(database: String, retentionPolicy: String, measurement: String) -> String {
        "\(identifier(database)).\(identifier(retentionPolicy)).\(identifier(measurement))"
    }
}
