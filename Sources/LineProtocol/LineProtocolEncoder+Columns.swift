import InfluxAPI

extension LineProtocolEncoder {
    /// Field types seen so far, per field key, sorted.
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
