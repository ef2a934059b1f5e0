/// InfluxDB 1.x field types, spelled as SHOW FIELD KEYS spells them.
public enum FieldType: String, Codable, Sendable, CaseIterable, Comparable {
    case float, integer, string, boolean

    public static func < (a: FieldType, b: FieldType) -> Bool { a.rawValue < b.rawValue }
}
