import NativeBackup

/// The fields of one series laid out for the row loop: each field's times and values copied
/// once into buffers this type owns, so the loop over rows reads plain memory and touches no
/// reference count (reading the arrays out of their enum per value cost a fifth of the dump).
struct FieldColumns {
    enum Kind { case float, integer, boolean, string }

    struct Column {
        let kind: Kind
        let times: UnsafeMutableBufferPointer<Int64>
        /// Float bits, integers, or 0/1 for booleans.
        let words: UnsafeMutableBufferPointer<UInt64>
        /// Strings: every value's bytes back to back, and each value's end.
        let bytes: UnsafeMutableRawBufferPointer
        let ends: UnsafeMutableBufferPointer<Int>
    }

    private(set) var columns: [Column] = []

    /// `fields` without unsigned ones (the caller reports those).
    init(_ fields: [SeriesData.Field]) {
        for field in fields {
            let times = UnsafeMutableBufferPointer<Int64>.allocate(capacity: field.timestamps.count)
            _ = times.initialize(from: field.timestamps)
            var words = UnsafeMutableBufferPointer<UInt64>(start: nil, count: 0)
            var bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)
            var ends = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
            let kind: Kind
            switch field.values {
            case .float(let v):
                kind = .float
                words = Self.copy(v.map(\.bitPattern))
            case .integer(let v):
                kind = .integer
                words = Self.copy(v.map { UInt64(bitPattern: $0) })
            case .boolean(let v):
                kind = .boolean
                words = Self.copy(v.map { $0 ? 1 : 0 })
            case .string(let s):
                kind = .string
                bytes = .allocate(byteCount: max(s.bytes.count, 1), alignment: 1)
                s.bytes.withUnsafeBytes { bytes.copyMemory(from: $0) }
                ends = .allocate(capacity: s.ends.count)
                _ = ends.initialize(from: s.ends)
            case .unsigned: continue
            }
            columns.append(Column(kind: kind, times: times, words: words, bytes: bytes, ends: ends))
        }
    }

    private static func copy(_ values: [UInt64]) -> UnsafeMutableBufferPointer<UInt64> {
        let out = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: values.count)
        _ = out.initialize(from: values)
        return out
    }

    func deallocate() {
        for c in columns {
            c.times.deallocate()
            c.words.deallocate()
            c.bytes.deallocate()
            c.ends.deallocate()
        }
    }
}
