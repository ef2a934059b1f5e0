import InfluxAPI
import LineProtocol
import NativeBackup

/// Feeds a shard's series to the line-protocol encoder as a `GROUP BY *` answer would: the
/// series' tags, one column per field, and one row per timestamp with the fields that have a
/// value there. The encoder's escaping, checks and findings are then the HTTP dump's.
struct SeriesRows {
    let encoder: LineProtocolEncoder
    /// Sentences of what could not be carried, with the points affected.
    private(set) var findings: [String: Int64] = [:]
    let label: String

    private static let time = Array("time".utf8)

    init(encoder: LineProtocolEncoder, label: String) {
        self.encoder = encoder
        self.label = label
    }

    mutating func emit(_ series: SeriesData) throws {
        var fields: [SeriesData.Field] = []
        for f in series.fields {
            if case .unsigned = f.values {
                // InfluxDB 1.x accepts no unsigned value over HTTP (`u` needs a build flag), and as an
                // integer it would change the field's type: carried by neither, so said loudly.
                let sentence =
                    "\(label): field \(String(decoding: f.name, as: UTF8.self)): unsigned values, which InfluxDB 1.x cannot write back"
                findings[sentence, default: 0] += Int64(f.timestamps.count)
                continue
            }
            fields.append(f)
        }
        guard !fields.isEmpty else { return }
        try encoder.beginSeries(name: series.measurement, tags: series.tags, columns: [Self.time] + fields.map(\.name))
        try FieldColumns.with(fields) { try rows($0) }
    }

    /// One row per distinct timestamp, each with the fields that have a value there.
    private func rows(_ columns: [FieldColumns.Column]) throws {
        try columns.withUnsafeBufferPointer { columns in
            let next = UnsafeMutableBufferPointer<Int>.allocate(capacity: columns.count)
            defer { next.deallocate() }
            next.initialize(repeating: 0)
            while true {
                var time = Int64.max
                var any = false
                for f in 0..<columns.count where next[f] < columns[f].times.count {
                    time = min(time, columns[f].times[next[f]])
                    any = true
                }
                guard any else { return }
                try encoder.intCell(column: 0, value: time)
                for f in 0..<columns.count where next[f] < columns[f].times.count && columns[f].times[next[f]] == time {
                    try cell(columns[f], next[f], column: f + 1)
                    next[f] += 1
                }
                try encoder.endRow()
            }
        }
    }

    @inline(__always)
    private func cell(_ c: FieldColumns.Column, _ i: Int, column: Int) throws {
        guard let values = c.values else { return }
        switch c.kind {
        case .float: try encoder.floatCell(column: column, value: values.load(fromByteOffset: i &* 8, as: Double.self))
        case .integer: try encoder.intCell(column: column, value: values.load(fromByteOffset: i &* 8, as: Int64.self))
        case .boolean:
            let v = values.load(fromByteOffset: i, as: Bool.self)
            try encoder.cell(column: column, token: .bool(v), bytes: UnsafeRawBufferPointer(start: nil, count: 0))
        case .string:
            let start = i == 0 ? 0 : c.ends[i - 1]
            try encoder.cell(
                column: column, token: .string(start..<c.ends[i]),
                bytes: UnsafeRawBufferPointer(start: values, count: c.ends[c.ends.count - 1]))
        }
    }
}
