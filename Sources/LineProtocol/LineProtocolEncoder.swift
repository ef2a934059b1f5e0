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
    let fieldPrefixBytes = ByteBuffer(capacity: 1024)
    /// What `cell` needs to know of each column of the current series, in one flat buffer
    /// (the hot loop reads it once per value; an array of structs would be checked for
    /// uniqueness on every type-mask update).
    var columns = UnsafeMutableBufferPointer<Column>(start: nil, count: 0)
    var columnCount = 0
    /// `fieldFilter` keeps only some field types (read once per series, not once per value).
    var filtersTypes = false
    var fieldProblems: [String?] = []
    var columnNames: [String] = []
    private let line = ByteBuffer(capacity: 4096)
    private var time: Int64 = 0
    private var fields = 0
    var measurementName = ""

    public private(set) var points: Int64 = 0
    /// The distinct series keys (`measurement,tags `) that produced at least one point: exact up
    /// to a bound, then estimated in 4 KiB (`SeriesSketch`).
    public private(set) var series = SeriesSketch()
    private var seriesCounted = false
    /// Set: the query was `SELECT *` without `GROUP BY *`, whose tags are columns (`TagColumns`).
    public var tagColumns: TagColumns? = nil
    /// With `tagColumns`: the current row's series key, and where the whole line is assembled.
    private var rowTags: TagColumnRow? = nil
    private let assembled = ByteBuffer(capacity: 4096)
    /// The name and columns the column state was set up for.
    private var lastSeriesName: [UInt8] = []
    var lastColumns: [[UInt8]] = []
    public private(set) var outsideWindow: Int64 = 0
    /// Points not written because the field filter left them no field.
    public private(set) var pointsWithoutFields: Int64 = 0
    /// Field types seen, per field key. Within one shard a field has exactly one type.
    public internal(set) var fieldTypes: [String: Set<FieldType>] = [:]
    /// Data that could not be written as line protocol: reason → number of points affected.
    public private(set) var unrepresentable: [String: Int64] = [:]

    struct Column {
        /// The escaped `key=` in `fieldPrefixBytes`.
        var keyStart: Int
        var keyLength: Int
        /// Left out by the field filter or as an obsolete field.
        var excluded: Bool
        /// The key cannot be written as line protocol (`fieldProblems` says why).
        var unwritable: Bool
        /// Bits of the `FieldType`s seen since the types were last collected.
        var types: UInt8
        /// With `tagColumns`: the column's index among the tags, or -1 for a field.
        var tag: Int = -1
    }

    public init(output: PointSink) {
        self.output = output
    }

    deinit { columns.deallocate() }

    public func beginSeries(name: [UInt8], tags: [(key: [UInt8], value: [UInt8])], columns: [[UInt8]]) throws {
        // The next series of the same measurement with the same columns (every series of a
        // `GROUP BY *` answer, and of a shard read from a backup) keeps the column setup: only
        // the series key is new.
        let sameColumns = tagColumns == nil && columnCount > 0 && name == lastSeriesName && columns == lastColumns
        if !sameColumns {
            flushColumnTypes()
            measurementName = String(decoding: name, as: UTF8.self)
            lastSeriesName = name
        }
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
        var tagIndex: [Int] = []
        if let plan = tagColumns {
            guard tags.isEmpty else { throw QueryShapeMismatch(measurement: measurementName, problem: "the answer has a tag set") }
            rowTags = try TagColumnRow(name: name, columns: columns, plan: plan, tagIndex: &tagIndex)
        } else {
            prefix.append(text)
        }
        splitterSafePrefix = prefixHasBackslash ? SeriesKey.write(name: name, tags: SeriesKey.splitterSafe(tags)) + [0x20] : []
        if sameColumns { return startRow() }
        try setColumns(columns, text: &text, tagIndex: tagIndex)
    }

    func startRow() {
        line.removeAll()
        line.append(prefix.bytes)
        fields = 0
        filteredValues = 0
        rowNoted = false
        rowTags?.reset()
    }

    public func cell(column: Int, token: MsgPackToken, bytes: UnsafeRawBufferPointer) throws {
        switch token {
        case .int(let v): return try intCell(column: column, value: v)
        case .float(let v): return try floatCell(column: column, value: v)
        case .null where column > 0: return
        default: break
        }
        guard column > 0 else { throw timeIsNotAnInteger() }
        if let rowTags, column < columnCount, columns[column].tag >= 0 {
            guard case .string(let r) = token else { throw tagCellIsNotAString(column) }
            return rowTags.add(tag: columns[column].tag, value: UnsafeRawBufferPointer(rebasing: bytes[r]))
        }
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

    /// The column a field value of `type` goes to, or nil when the value is left out (filtered,
    /// or its key cannot be written: then it is noted).
    @inline(__always)
    private func fieldColumn(_ column: Int, type: FieldType?) throws -> UnsafeMutablePointer<Column>? {
        guard column < columnCount else {
            throw InfluxClientError.malformedResponse("cell \(column) of \(columnCount) columns for measurement \(measurementName)")
        }
        let c = columns.baseAddress! + column
        if c.pointee.tag >= 0 { throw tagCellIsNotAString(column) }
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
        if let problem = seriesProblem ?? rowTags?.problem { note(problem); return }
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
        if let rowTags {
            rowTags.finish()
            assembled.removeAll()
            assembled.append(rowTags.key.bytes)
            assembled.append(line.bytes)
            try emit(assembled, key: rowTags.key.bytes, hasBackslash: rowTags.hasBackslash) { rowTags.splitterSafeKey() }
            seriesCounted = false
        } else {
            try emit(line, key: prefix.bytes, hasBackslash: prefixHasBackslash) { splitterSafePrefix }
        }
    }

    /// Writes the point in `out`, whose first `key.count` bytes are its series key and space, and
    /// counts its series.
    private func emit(_ out: ByteBuffer, key: UnsafeRawBufferPointer, hasBackslash: Bool, safeKey: () -> [UInt8]) throws {
        if hasBackslash && !SeriesKey.splitsAsOnePoint(out.bytes) {
            // The tags in another order; InfluxDB sorts them again, so the series is the same.
            let reordered = safeKey() + UnsafeRawBufferPointer(rebasing: out.bytes[key.count...])
            guard reordered.withUnsafeBytes({ SeriesKey.splitsAsOnePoint($0) }) else {
                note("measurement \(measurementName): tag names with backslashes make InfluxDB's line splitter misread the point")
                return
            }
            let hash = SeriesSketch.hash(key)
            out.removeAll()
            out.append(reordered)
            try output.writePoint(out.bytes, time: time)
            points += 1
            series.insert(hash)
            seriesCounted = true
            return
        }
        try output.writePoint(out.bytes, time: time)
        points += 1
        if !seriesCounted {
            seriesCounted = true
            series.insertRepeated(SeriesSketch.hash(key))
        }
    }

    private func note(_ problem: String) {
        unrepresentable[problem, default: 0] += 1
        rowNoted = true
    }

}
