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
    /// Per tag (by tag index): the raw key, where its escaped `,key=` lies in `keyPrefixBytes`,
    /// whether the key holds a `\`, and the key's problem.
    private var rawKeys: [[UInt8]] = []
    private let keyPrefixBytes = ByteBuffer(capacity: 256)
    private var keyPrefixes: [(start: Int, count: Int, backslash: Bool)] = []
    private var keyProblems: [String?] = []
    /// Per byte value: `Self.escape`, `Self.backslash`, `Self.lineFeed` (one pass over a value).
    private let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private static let escape: UInt8 = 1, backslash: UInt8 = 2, lineFeed: UInt8 = 4
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
        classes.initialize(repeating: 0, count: 256)
        for b in 0..<256 where Escaping.needsEscape(UInt8(b), .tagValue) { classes[b] |= Self.escape }
        classes[0x5C] |= Self.backslash
        classes[0x0A] |= Self.lineFeed
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
            keyPrefixes.append((keyPrefixBytes.count, text.count, column.contains(0x5C)))
            keyPrefixBytes.append(text)
            keyProblems.append(Escaping.unrepresentable(column, as: .tagKey).map { "measurement \(measurement): tag key \"\(s)\": \($0)" })
        }
        reset()
    }

    deinit { classes.deallocate() }

    /// Starts the next row.
    func reset() {
        key.removeAll()
        key.append(escapedName)
        problem = nil
        hasBackslash = false
        raw.removeAll()
        spans.removeAll(keepingCapacity: true)
    }

    /// Tag `tag` of this row has `value` (the server sends `null` for a tag the series lacks; an
    /// empty value means the same, as in `GROUP BY *` answers, and cannot be written).
    func add(tag: Int, value: UnsafeRawBufferPointer) {
        guard !value.isEmpty else { return }
        var flags: UInt8 = 0
        for b in value { flags |= classes[Int(b)] }
        if problem == nil { problem = keyProblems[tag] }
        // A tag value is unwritable only with a line feed or a final backslash (`Escaping`).
        if problem == nil, flags & Self.lineFeed != 0 || value.last == 0x5C,
            let p = Escaping.unrepresentable(value, as: .tagValue)
        {
            problem = "measurement \(measurement): tag value \"\(String(decoding: value, as: UTF8.self))\": \(p)"
        }
        let prefix = keyPrefixes[tag]
        key.append(UnsafeRawBufferPointer(rebasing: keyPrefixBytes.bytes[prefix.start..<(prefix.start + prefix.count)]))
        if flags & Self.escape != 0 {
            escaped.removeAll(keepingCapacity: true)
            Escaping.append(value, as: .tagValue, to: &escaped)
            key.append(escaped)
        } else {
            key.append(value)
        }
        if flags & Self.backslash != 0 || prefix.backslash { hasBackslash = true }
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
