import Foundation

/// Checks a count flag.
func positive(_ flag: String, _ value: Int) throws -> Int {
    guard value > 0 else { throw UsageError("\(flag) must be a positive number, got \(value)") }
    return value
}

/// Bytes for humans: `30.2 MiB`.
func formatBytes(_ n: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var v = Double(n)
    var u = 0
    while v >= 1024, u < units.count - 1 { v /= 1024; u += 1 }
    return u == 0 ? "\(n) B" : String(format: "%.1f", v) + " " + units[u]
}

/// Columns padded to their widest cell; `right` holds the indexes of right-aligned columns.
func table(_ rows: [[String]], right: Set<Int> = []) -> String {
    guard let width = rows.map(\.count).max() else { return "" }
    var widths = Array(repeating: 0, count: width)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
        row.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: widths[i] - cell.count)
            return right.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
