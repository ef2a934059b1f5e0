import InfluxAPI

/// A query shape decided for one measurement and window: `SELECT *` without `GROUP BY *`, whose
/// rows carry each tag as a column (`null` when the series lacks it), in time order across
/// series. Cheaper for the server (3.1× at 1 M series), but only exact when every column name
/// says unambiguously whether it is a tag or a field:
///
/// - a tag key equal to a field key comes back renamed: the field as `k`, the tag as `k_1` (and
///   a real field `k_1` then as `k_1_1`). InfluxQL renames a repeated column name to `name_N`;
/// - so no name may look like another name's rename (`base_N`, with `base` a tag or field key).
///
/// If the planned names hold neither, a response is read exactly when each of its columns is a
/// planned name: a key written after planning that repeats a name makes the server rename a
/// column to some `x_N`, which then is not a planned name (the rule above), and the encoder
/// throws `QueryShapeMismatch` rather than guess.
public struct TagColumns: Sendable, Equatable, Codable {
    /// Tag keys of the measurement (SHOW TAG KEYS), sorted.
    public var tags: [String]
    /// Field keys of the measurement in this RP (SHOW FIELD KEYS), sorted.
    public var fields: [String]

    /// The plan, or nil when the names are ambiguous without `GROUP BY *`.
    public static func exact<T: Collection<String>, F: Collection<String>>(tags: T, fields: F) -> TagColumns? {
        let tagSet = Set(tags), fieldSet = Set(fields)
        guard tagSet.isDisjoint(with: fieldSet) else { return nil }
        let all = tagSet.union(fieldSet)
        guard !all.contains("time"), !all.contains(where: { looksRenamed($0, among: all) }) else { return nil }
        return TagColumns(tags: tagSet.sorted(), fields: fieldSet.sorted())
    }

    /// `name` is `base_N` (N decimal digits) for some `base` in `names`.
    static func looksRenamed(_ name: String, among names: Set<String>) -> Bool {
        var utf8 = Array(name.utf8)
        while let i = utf8.lastIndex(of: 0x5F) {
            let digits = utf8[(i + 1)...]
            guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
            if names.contains(String(decoding: utf8[..<i], as: UTF8.self)) { return true }
            utf8 = Array(utf8[..<i])
        }
        return false
    }
}

/// A response to a `TagColumns` query that cannot be read exactly: a column that is not a planned
/// tag or field key (renamed, or written after planning), tag columns out of order, or a tag
/// cell that is not a string. The dump runs the window again with `GROUP BY *`.
public struct QueryShapeMismatch: QuerySinkError, Equatable, CustomStringConvertible {
    public var measurement: String
    public var problem: String
    public var description: String { "measurement \(measurement): \(problem); queried again with GROUP BY *" }
}
