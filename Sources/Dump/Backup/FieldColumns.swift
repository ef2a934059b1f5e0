import NativeBackup

/// The fields of one series as plain pointers for the row loop, borrowed from their arrays for
/// the duration of one call (each field's arrays are pinned by a nested `withUnsafe…` call), so
/// the loop over rows touches no reference count and nothing is copied or allocated (reading the
/// arrays out of their enum per value cost a fifth of the dump; copying them, the next tenth).
enum FieldColumns {
    enum Kind { case float, integer, boolean, string }

    struct Column {
        let kind: Kind
        let times: UnsafeBufferPointer<Int64>
        /// Doubles, Int64s or Bools, as `kind` says; a string column's bytes.
        let values: UnsafeRawPointer?
        /// Strings: each value's end in `values`.
        let ends: UnsafeBufferPointer<Int>
    }

    /// Calls `body` with the columns of `fields` (unsigned fields left out: the caller reports them).
    static func with(_ fields: [SeriesData.Field], _ body: ([Column]) throws -> Void) rethrows {
        var columns: [Column] = []
        columns.reserveCapacity(fields.count)
        return try pin(fields[...], &columns, body)
    }

    private static func pin(_ rest: ArraySlice<SeriesData.Field>, _ columns: inout [Column], _ body: ([Column]) throws -> Void) rethrows {
        guard let field = rest.first else { return try body(columns) }
        let next = rest.dropFirst()
        return try field.timestamps.withUnsafeBufferPointer { times in
            let none = UnsafeBufferPointer<Int>(start: nil, count: 0)
            switch field.values {
            case .float(let v):
                return try v.withUnsafeBytes { b in
                    columns.append(Column(kind: .float, times: times, values: b.baseAddress, ends: none))
                    return try pin(next, &columns, body)
                }
            case .integer(let v):
                return try v.withUnsafeBytes { b in
                    columns.append(Column(kind: .integer, times: times, values: b.baseAddress, ends: none))
                    return try pin(next, &columns, body)
                }
            case .boolean(let v):
                return try v.withUnsafeBytes { b in
                    columns.append(Column(kind: .boolean, times: times, values: b.baseAddress, ends: none))
                    return try pin(next, &columns, body)
                }
            case .string(let s):
                return try s.bytes.withUnsafeBytes { b in
                    try s.ends.withUnsafeBufferPointer { ends in
                        columns.append(Column(kind: .string, times: times, values: b.baseAddress, ends: ends))
                        return try pin(next, &columns, body)
                    }
                }
            case .unsigned: return try pin(next, &columns, body)
            }
        }
    }
}
