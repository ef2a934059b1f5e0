import InfluxAPI

extension LineProtocolEncoder {
    /// Field types seen so far, per field key, sorted.
    /// The per-column state of a new series: escaped keys, filters, problems.
    func setColumns(_ columns: [[UInt8]], text: inout [UInt8], tagIndex: [Int]) throws {
        guard columns.first.map({ $0.elementsEqual("time".utf8) }) == true else {
            throw InfluxClientError.malformedResponse("first column is not time for measurement \(measurementName)")
        }
        lastColumns = columns
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
                unwritable: fieldProblems[i] != nil, types: 0, tag: tagIndex.isEmpty ? -1 : tagIndex[i])
            if self.columns[i].tag >= 0 { self.columns[i].excluded = false; self.columns[i].unwritable = false }
        }
        startRow()
    }

    public func currentFieldTypes() -> [String: [FieldType]] {
        flushColumnTypes()
        return fieldTypes.mapValues { $0.sorted() }
    }

    func flushColumnTypes() {
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

    func tagCellIsNotAString(_ column: Int) -> QueryShapeMismatch {
        QueryShapeMismatch(
            measurement: measurementName, problem: "tag column \"\(columnNames[column])\" holds a value that is not a string")
    }

    func timeIsNotAnInteger() -> InfluxClientError {
        .malformedResponse("time is not an integer for measurement \(measurementName) (epoch=ns expected)")
    }

    func quoted(_ bytes: [UInt8]) -> String { "\"" + String(decoding: bytes, as: UTF8.self) + "\"" }
}
