import InfluxAPI
import Support

/// Turns decoded query rows into line-protocol points, exactly: integers get `i`, floats keep
/// Swift's shortest round-trip spelling (2.0 stays `2.0`, -0.0 stays `-0.0`), strings keep every
/// byte, times are int64 nanoseconds.
///
/// The escaped `measurement,tags ` prefix and each `fieldkey=` are built once per series and
/// reused for every row; one line buffer is reused for every point.
public final class LineProtocolEncoder: QueryEventSink {
    /// Rows outside `[lower, upper)` are left out without a finding: they belong to another
    /// window (used for the first shard group, which must be queried without an upper bound).
    public var keepRange: (lower: Int64, upper: Int64)? = nil

    private let output: PointSink
    /// Fields to keep; the rest are treated as absent.
    public var fieldFilter = FieldFilter()
    /// Field keys to leave out of this window (obsolete fields).
    public var excludedFields: Set<String> = []
    private var filteredValues = 0
    /// A value of the current row was noted as not writable (its own finding names the cause).
    private var rowNoted = false
    /// The escaped `measurement,tags ` of the current series (a buffer: each row's copy of it
    /// costs no reference counting).
    private let prefix = ByteBuffer(capacity: 256)
    private var seriesProblem: String? = nil
    /// The prefix holds a backslash: each point is then checked against the server's line
    /// splitter (see `splitsAsOnePoint`).
    private var prefixHasBackslash = false
    /// The same prefix with the tags in `SeriesKey.splitterSafe` order (only when it has a `\`).
    private var splitterSafePrefix: [UInt8] = []
    /// Every column's escaped `key=`, back to back; `columns[i]` locates column i's.
    private let fieldPrefixBytes = ByteBuffer(capacity: 1024)
    /// What `cell` needs to know of each column of the current series, in one flat buffer
    /// (the hot loop reads it once per value; an array of structs would be checked for
    /// uniqueness on every type-mask update).
    private var columns = UnsafeMutableBufferPointer<Column>(start: nil, count: 0)
    private var columnCount = 0
    /// `fieldFilter` keeps only some field types (read once per series, not once per value).
    private var filtersTypes = false
    private var fieldProblems: [String?] = []
    private var columnNames: [String] = []
    private let line = ByteBuffer(capacity: 4096)
    private var time: Int64 = 0
    private var fields = 0
    private var measurementName = ""

    public private(set) var points: Int64 = 0
    /// FNV-1a hashes of the series keys (`measurement,tags`) that produced at least one point:
    /// their count is the number of distinct series (a collision needs ~4 billion series).
    /// Memory is bounded: past `seriesLimit` the set is dropped and `seriesOverflow` set.
    public private(set) var seriesHashes = Set<UInt64>()
    public private(set) var seriesOverflow = false
    public static let seriesLimit = 1_000_000
    private var seriesCounted = false
    public private(set) var outsideWindow: Int64 = 0
    /// Points not written because the field filter left them no field.
    public private(set) var pointsWithoutFields: Int64 = 0
    /// Field types seen, per field key. Within one shard a field has exactly one type.
    public private(set) var fieldTypes: [String: Set<FieldType>] = [:]
    /// Data that could not be written as line protocol: reason → number of points affected.
    public private(set) var unrepresentable: [String: Int64] = [:]

    private struct Column {
        /// The escaped `key=` in `fieldPrefixBytes`.
        var keyStart: Int
        var keyLength: Int
        /// Left out by the field filter or as an obsolete field.
        var excluded: Bool
        /// The key cannot be written as line protocol (`fieldProblems` says why).
        var unwritable: Bool
        /// Bits of the `FieldType`s seen since the types were last collected.
        var types: UInt8
    }

    public init(output: PointSink) {
        self.output = output
    }

    deinit { columns.deallocate() }

    public func beginSeries(name: [UInt8], tags: [(key: [UInt8], value: [UInt8])], columns: [[UInt8]]) throws {
        flushColumnTypes()
        measurementName = String(decoding: name, as: UTF8.self)
        seriesProblem = Escaping.unrepresentable(name, as: .measurement).map { "measurement \(quoted(name)): \($0)" }
        // An empty tag value means "this series has no such tag" (empty values cannot be written).
        let sortedTags = SeriesKey.sorted(tags)
        for tag in sortedTags where !tag.value.isEmpty && seriesProblem == nil {
            seriesProblem =
                Escaping.unrepresentable(tag.key, as: .tagKey).map { "measurement \(measurementName): tag key \(quoted(tag.key)): \($0)" }
                ?? Escaping.unrepresentable(tag.value, as: .tagValue).map {
                    "measurement \(measurementName): tag value \(quoted(tag.value)): \($0)"
                }
        }
        var text = SeriesKey.write(name: name, tags: sortedTags)
        seriesCounted = false
        prefixHasBackslash = text.contains(0x5C)
        text.append(0x20)
        prefix.removeAll()
        prefix.append(text)
        splitterSafePrefix = prefixHasBackslash ? SeriesKey.write(name: name, tags: SeriesKey.splitterSafe(tags)) + [0x20] : []
        guard columns.first.map({ $0.elementsEqual("time".utf8) }) == true else {
            throw InfluxClientError.malformedResponse("first column is not time for measurement \(measurementName)")
        }
        if self.columns.count < columns.count {
            self.columns.deallocate()
            self.columns = .allocate(capacity: max(columns.count, 2 * self.columns.count))
        }
        columnCount = columns.count
        filtersTypes = !fieldFilter.types.isEmpty
        columnNames = columns.map { String(decoding: $0, as: UTF8.self) }
        fieldProblems = columns.enumerated().map { i, key in
            i == 0
                ? nil
                : Escaping.unrepresentable(key, as: .fieldKey).map { "measurement \(measurementName): field key \(quoted(key)): \($0)" }
        }
        fieldPrefixBytes.removeAll()
        for (i, key) in columns.enumerated() {
            text.removeAll(keepingCapacity: true)
            Escaping.append(key, as: .fieldKey, to: &text)
            text.append(0x3D)
            let start = fieldPrefixBytes.count
            fieldPrefixBytes.append(text)
            let name = columnNames[i]
            self.columns[i] = Column(
                keyStart: start, keyLength: fieldPrefixBytes.count - start,
                excluded: i > 0 && (!fieldFilter.accepts(name: name) || excludedFields.contains(name)),
                unwritable: fieldProblems[i] != nil, types: 0)
        }
        startRow()
    }

    private func startRow() {
        line.removeAll()
        line.append(prefix.bytes)
        fields = 0
        filteredValues = 0
        rowNoted = false
    }

    public func cell(column: Int, token: MsgPackToken, bytes: UnsafeRawBufferPointer) throws {
        switch token {
        case .int(let v): return try intCell(column: column, value: v)
        case .float(let v): return try floatCell(column: column, value: v)
        case .null where column > 0: return
        default: break
        }
        guard column > 0 else { throw timeIsNotAnInteger() }
        guard let c = try fieldColumn(column, type: Self.fieldType(token)) else { return }
        switch token {
        case .string(let r):
            line.write(upTo: c.pointee.keyLength + 1) { putKey(c, at: $0) }
            line.appendQuotedString(UnsafeRawBufferPointer(rebasing: bytes[r]))
            c.pointee.types |= 1 << 2
        case .bool(let v):
            let text: StaticString = v ? "true" : "false"
            line.write(upTo: c.pointee.keyLength + 6) { ByteBuffer.put(text.utf8Start, text.utf8CodeUnitCount, at: putKey(c, at: $0)) }
            c.pointee.types |= 1 << 3
        case .bigUInt(let v):
            note("measurement \(measurementName): field \(columnNames[column]): unsigned value \(v) beyond int64")
            return
        default:
            note("measurement \(measurementName): field \(columnNames[column]): unsupported value type")
            return
        }
        fields += 1
    }

    public func intCell(column: Int, value: Int64) throws {
        if column == 0 { time = value; return }
        guard let c = try fieldColumn(column, type: .integer) else { return }
        line.write(upTo: c.pointee.keyLength + 2 + ByteBuffer.maxDecimalBytes) { p in
            let end = line.putDecimal(value, at: putKey(c, at: p))
            end[0] = 0x69  // i
            return end + 1
        }
        c.pointee.types |= 1 << 1
        fields += 1
    }

    public func floatCell(column: Int, value: Double) throws {
        guard column > 0 else { throw timeIsNotAnInteger() }
        guard let c = try fieldColumn(column, type: .float) else { return }
        guard value.isFinite else {
            note("measurement \(measurementName): field \(columnNames[column]): non-finite float \(value)")
            return
        }
        line.write(upTo: c.pointee.keyLength + 1) { putKey(c, at: $0) }
        line.appendShortest(value)
        c.pointee.types |= 1 << 0
        fields += 1
    }

    private func timeIsNotAnInteger() -> InfluxClientError {
        .malformedResponse("time is not an integer for measurement \(measurementName) (epoch=ns expected)")
    }

    /// The column a field value of `type` goes to, or nil when the value is left out (filtered,
    /// or its key cannot be written: then it is noted).
    @inline(__always)
    private func fieldColumn(_ column: Int, type: FieldType?) throws -> UnsafeMutablePointer<Column>? {
        guard column < columnCount else {
            throw InfluxClientError.malformedResponse("cell \(column) of \(columnCount) columns for measurement \(measurementName)")
        }
        let c = columns.baseAddress! + column
        if c.pointee.excluded { filteredValues += 1; return nil }
        if filtersTypes, let type, !fieldFilter.accepts(type: type) { filteredValues += 1; return nil }
        if c.pointee.unwritable { note(fieldProblems[column]!); return nil }
        return c
    }

    /// Writes the column's `key=`, after a comma unless it is the point's first field.
    @inline(__always)
    private func putKey(_ c: UnsafeMutablePointer<Column>, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = start
        if fields > 0 { p[0] = 0x2C; p += 1 }
        return ByteBuffer.put(fieldPrefixBytes.base + c.pointee.keyStart, c.pointee.keyLength, at: p)
    }

    public func endRow() throws {
        defer { startRow() }
        if let range = keepRange, time < range.lower || time >= range.upper {
            outsideWindow += 1
            return
        }
        if let problem = seriesProblem { note(problem); return }
        guard fields > 0 else {
            if filteredValues > 0 { pointsWithoutFields += 1; return }
            // The values' own findings already name why (and count this point): no second finding.
            if !rowNoted { note("measurement \(measurementName): points with no writable field") }
            return
        }
        line.write(upTo: 2 + ByteBuffer.maxDecimalBytes) { p in
            p[0] = 0x20
            let end = line.putDecimal(time, at: p + 1)
            end[0] = 0x0A
            return end + 1
        }
        if prefixHasBackslash && !SeriesKey.splitsAsOnePoint(line.bytes) {
            // The tags in another order; InfluxDB sorts them again, so the series is the same.
            let reordered = splitterSafePrefix + UnsafeRawBufferPointer(rebasing: line.bytes[prefix.count...])
            guard reordered.withUnsafeBytes({ SeriesKey.splitsAsOnePoint($0) }) else {
                note("measurement \(measurementName): tag names with backslashes make InfluxDB's line splitter misread the point")
                return
            }
            line.removeAll()
            line.append(reordered)
        }
        try output.writePoint(line.bytes, time: time)
        points += 1
        if !seriesCounted && !seriesOverflow {
            seriesCounted = true
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in prefix.bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            seriesHashes.insert(h)
            if seriesHashes.count > Self.seriesLimit {
                seriesOverflow = true
                seriesHashes = []
            }
        }
    }

    /// Field types seen so far, per field key, sorted.
    public func currentFieldTypes() -> [String: [FieldType]] {
        flushColumnTypes()
        return fieldTypes.mapValues { $0.sorted() }
    }

    private func flushColumnTypes() {
        for i in 0..<columnCount where columns[i].types != 0 {
            let mask = columns[i].types
            var set = fieldTypes[columnNames[i], default: []]
            for (bit, type) in [FieldType.float, .integer, .string, .boolean].enumerated() where mask & (1 << bit) != 0 {
                set.insert(type)
            }
            fieldTypes[columnNames[i]] = set
            columns[i].types = 0
        }
    }

    static func fieldType(_ token: MsgPackToken) -> FieldType? {
        switch token {
        case .int, .bigUInt: return .integer
        case .float: return .float
        case .string: return .string
        case .bool: return .boolean
        default: return nil
        }
    }

    private func note(_ problem: String) {
        unrepresentable[problem, default: 0] += 1
        rowNoted = true
    }

    private func quoted(_ bytes: [UInt8]) -> String { "\"" + String(decoding: bytes, as: UTF8.self) + "\"" }
}
