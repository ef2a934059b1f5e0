/// Durations as InfluxDB prints them (`168h0m0s`) and as users type them (`7d`, `1h30m`, `500ms`).
public enum GoDuration {
    /// Parses a sequence of `<integer><unit>` with units ns, us, µs, ms, s, m, h, d, w. Returns nanoseconds.
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard !b.isEmpty else { return nil }
        if text == "0" { return 0 }
        var i = 0
        var total: Int64 = 0
        while i < b.count {
            var n: Int64 = 0
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b[i] - 48))
                guard !o1, !o2 else { return nil }
                n = a; i += 1
            }
            guard i > start else { return nil }
            let unitStart = i
            while i < b.count, !(b[i] >= 48 && b[i] <= 57) { i += 1 }
            let unit = String(decoding: b[unitStart..<i], as: UTF8.self)
            let scale: Int64
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "u": scale = 1_000
            case "ms": scale = 1_000_000
            case "s": scale = 1_000_000_000
            case "m": scale = 60_000_000_000
            case "h": scale = 3_600_000_000_000
            case "d": scale = 86_400_000_000_000
            case "w": scale = 604_800_000_000_000
            default: return nil
            }
            let (v, o3) = n.multipliedReportingOverflow(by: scale)
            let (t, o4) = total.addingReportingOverflow(v)
            guard !o3, !o4 else { return nil }
            total = t
        }
        return total
    }

    /// An InfluxQL duration literal for `ns` (`INF` for zero, the largest exact unit otherwise).
    public static func influxQL(_ ns: Int64) -> String {
        if ns == 0 { return "INF" }
        for (unit, scale) in [
            ("w", Int64(604_800_000_000_000)), ("d", 86_400_000_000_000), ("h", 3_600_000_000_000),
            ("m", 60_000_000_000), ("s", 1_000_000_000), ("ms", 1_000_000), ("u", 1_000),
        ]
        where ns % scale == 0 {
            return "\(ns / scale)\(unit)"
        }
        return "\(ns)ns"
    }
}
