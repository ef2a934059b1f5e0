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
        try encoder.beginSeries(name: series.measurement, tags: series.tags, columns: [Array("time".utf8)] + fields.map(\.name))
        var next = [Int](repeating: 0, count: fields.count)
        while true {
            var time = Int64.max
            var any = false
            for (f, field) in fields.enumerated() where next[f] < field.timestamps.count {
                time = min(time, field.timestamps[next[f]])
                any = true
            }
            guard any else { return }
            try encoder.intCell(column: 0, value: time)
            for (f, field) in fields.enumerated() where next[f] < field.timestamps.count && field.timestamps[next[f]] == time {
                try cell(field.values, next[f], column: f + 1)
                next[f] += 1
            }
            try encoder.endRow()
        }
    }

    private func cell(_ values: BlockValues, _ i: Int, column: Int) throws {
        switch values {
        case .float(let v): try encoder.floatCell(column: column, value: v[i])
        case .integer(let v): try encoder.intCell(column: column, value: v[i])
        case .boolean(let v): try encoder.cell(column: column, token: .bool(v[i]), bytes: UnsafeRawBufferPointer(start: nil, count: 0))
        case .string(let s):
            let start = i == 0 ? 0 : s.ends[i - 1]
            try s.bytes.withUnsafeBytes { b in try encoder.cell(column: column, token: .string(start..<s.ends[i]), bytes: b) }
        case .unsigned: break
        }
    }
}
