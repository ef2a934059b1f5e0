import Support

/// The series key of each row of a `TagColumns` query, built from the row's tag cells as they
/// arrive. The server sorts the wildcard's columns by name, so the tag cells come in ascending
/// key order and appending them gives the same key bytes as the `GROUP BY *` path (checked at
/// `init`: any other order is a `QueryShapeMismatch`).
final class TagColumnRow {
    /// `measurement,k=v,… ` (with the space) of the current row.
    let key = ByteBuffer(capacity: 256)
    /// The row's first tag whose name cannot be written exactly.
    private(set) var problem: String? = nil
    /// The key holds a `\`: the point is then checked against the server's line splitter.
    private(set) var hasBackslash = false
    private let name: [UInt8]
    private let escapedName: [UInt8]
    private let measurement: String
    /// Per tag column (by column index): the raw key and `,key=` escaped, and the key's problem.
    private var rawKeys: [[UInt8]] = []
    private var keyPrefixes: [[UInt8]] = []
    private var keyProblems: [String?] = []
    /// The row's raw values back to back, and (tag index, start, length) of each, for the
    /// splitter-safe order.
    private let raw = ByteBuffer(capacity: 256)
    private var spans: [(tag: Int, start: Int, count: Int)] = []
    private var escaped: [UInt8] = []

    /// Classifies `columns` (column 0 is `time`): the tag index of each column, -1 for a field.
    init(name: [UInt8], columns: [[UInt8]], plan: TagColumns, tagIndex: inout [Int]) throws {
        self.name = name
        measurement = String(decoding: name, as: UTF8.self)
        var text: [UInt8] = []
        Escaping.append(name, as: .measurement, to: &text)
        escapedName = text
        let tags = Set(plan.tags), fields = Set(plan.fields)
        tagIndex = [-1]
        var previous: [UInt8]? = nil
        for column in columns.dropFirst() {
            let s = String(decoding: column, as: UTF8.self)
            guard Array(s.utf8) == column, tags.contains(s) || fields.contains(s) else {
                throw QueryShapeMismatch(measurement: measurement, problem: "column \"\(s)\" is not a planned tag or field key")
            }
            guard tags.contains(s) else { tagIndex.append(-1); continue }
            if let p = previous, !p.lexicographicallyPrecedes(column) {
                throw QueryShapeMismatch(measurement: measurement, problem: "tag columns out of order at \"\(s)\"")
            }
            previous = column
            tagIndex.append(rawKeys.count)
            rawKeys.append(column)
            text = [0x2C]
            Escaping.append(column, as: .tagKey, to: &text)
            text.append(0x3D)
            keyPrefixes.append(text)
            keyProblems.append(Escaping.unrepresentable(column, as: .tagKey).map { "measurement \(measurement): tag key \"\(s)\": \($0)" })
        }
        reset()
    }

    /// Starts the next row.
    func reset() {
        key.removeAll()
        key.append(escapedName)
        problem = nil
        hasBackslash = false
        raw.removeAll()
        spans.removeAll(keepingCapacity: true)
    }

    /// Tag `tag` of this row has `value` (a present tag: the server sends `null` for an absent one).
    func add(tag: Int, value: UnsafeRawBufferPointer) {
        if problem == nil {
            problem =
                keyProblems[tag]
                ?? (Escaping.unrepresentable(value, as: .tagValue).map {
                    "measurement \(measurement): tag value \"\(String(decoding: value, as: UTF8.self))\": \($0)"
                })
        }
        key.append(keyPrefixes[tag])
        if value.contains(where: { Escaping.needsEscape($0, .tagValue) }) {
            escaped.removeAll(keepingCapacity: true)
            Escaping.append(value, as: .tagValue, to: &escaped)
            key.append(escaped)
        } else {
            key.append(value)
        }
        if !hasBackslash, value.contains(0x5C) || rawKeys[tag].contains(0x5C) { hasBackslash = true }
        spans.append((tag, raw.count, value.count))
        raw.append(value)
    }

    /// Ends the key with its space.
    func finish() { key.append(0x20) }

    /// The row's key with its tags in `SeriesKey.splitterSafe` order, with the space.
    func splitterSafeKey() -> [UInt8] {
        let tags = spans.map {
            (key: rawKeys[$0.tag], value: Array(UnsafeRawBufferPointer(rebasing: raw.bytes[$0.start..<($0.start + $0.count)])))
        }
        return SeriesKey.write(name: name, tags: SeriesKey.splitterSafe(tags)) + [0x20]
    }
}
