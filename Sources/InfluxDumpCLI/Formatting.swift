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
