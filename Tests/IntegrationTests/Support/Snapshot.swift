import Foundation
import InfluxDump

/// A database read back without ever turning a name into a `String`: measurements come from
/// SHOW MEASUREMENTS as bytes and are selected by an anchored regex (InfluxQL cannot quote NUL or
/// CR, and a quoted identifier with invalid UTF-8 matches nothing); the series of the answer are
/// then kept only when their name bytes are equal. Per RP; a measurement whose field has several types
/// is read one shard group at a time (a spanning query casts), the others a group at a time.
/// Every name and value is rendered as type and hex bytes / bit pattern.
struct Snapshot {
    var series: Set<String> = []
    var fieldKeys: Set<String> = []
    var points: Set<String> = []

    static func databases(_ c: InfluxClient) throws -> [String] {
        try SchemaDiscovery.rows(c.queryValues("SHOW DATABASES")).compactMap { $0.values.first?.stringValue }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "∅" }
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: bytes.count * 2)
        for (i, b) in bytes.enumerated() { out[2 * i] = digits[Int(b >> 4)]; out[2 * i + 1] = digits[Int(b & 15)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Type and exact bytes or bits of a value (DatabaseComparator's rendering, faster on long strings).
    static func render(_ v: MsgPackValue) -> String {
        switch v {
        case .string(let b): return "s:" + hex(b)
        case .binary(let b): return "x:" + hex(b)
        case .float(let d): return "f:" + String(d.bitPattern, radix: 16)
        case .int(let i): return "i:\(i)"
        case .bigUInt(let u): return "u:\(u)"
        case .bool(let b): return "b:\(b)"
        case .null: return "nil"
        case .ext(let t, let b): return "e\(t):" + hex(b)
        case .array(let a): return "[" + a.map(render).joined(separator: ",") + "]"
        case .map(let m): return "{" + m.map { render($0.0) + ":" + render($0.1) }.joined(separator: ",") + "}"
        }
    }

    /// The measurements (hex) that the given rendered points belong to.
    static func measurements(in points: Set<String>) -> Set<String> {
        Set(points.map { String($0.prefix { $0 != " " }) })
    }

    static func take(_ c: InfluxClient, _ db: String) throws -> Snapshot {
        var s = Snapshot()
        let comparator = DatabaseComparator(source: c, sourceDB: db, destination: c, destinationDB: db)
        for result in try c.queryValues("SHOW SERIES", database: db) {
            for series in result["series"]?.arrayValue ?? [] {
                for row in series["values"]?.arrayValue ?? [] { s.series.insert(Self.render(row.arrayValue?.first ?? .null)) }
            }
        }
        let windowsByRP = try comparator.shardGroups(c, db)
        for rp in try comparator.retentionPolicies(c, db).map(\.name) {
            let from = InfluxQL.identifier(db) + "." + InfluxQL.identifier(rp) + "."
            var multiTyped = Set<[UInt8]>()
            var measurements: [[UInt8]] = []
            var types: [[UInt8]: [[UInt8]: MsgPackValue]] = [:]
            for result in try c.queryValues("SHOW FIELD KEYS FROM \(InfluxQL.identifier(rp))./.*/", database: db) {
                for series in result["series"]?.arrayValue ?? [] {
                    guard case .string(let m)? = series["name"] else { continue }
                    measurements.append(m)
                    var seen = Set<[UInt8]>()
                    for row in series["values"]?.arrayValue ?? [] {
                        let cells = row.arrayValue ?? []
                        s.fieldKeys.insert(
                            Self.render(.string(Array(rp.utf8))) + " " + hex(m) + " " + cells.map(Self.render).joined(separator: " "))
                        if case .string(let k)? = cells.first, !seen.insert(k).inserted { multiTyped.insert(m) }
                        if case .string(let k)? = cells.first, cells.count > 1 { types[m, default: [:]][k] = cells[1] }
                    }
                }
            }
            // A field of several types: one shard group at a time.
            for m in measurements where multiTyped.contains(m) {
                for w in windowsByRP[rp] ?? [] {
                    try s.read(
                        c, from: from + "/^" + regexEscaped(m) + "$/", measurements: [m], window: w, database: db, comparator: comparator)
                }
            }
            // The others together, in groups where no field key has two types (a query over
            // several measurements casts such fields).
            var groups: [(names: Set<[UInt8]>, types: [[UInt8]: MsgPackValue])] = []
            for m in measurements where !multiTyped.contains(m) {
                let mine = types[m] ?? [:]
                if let g = groups.firstIndex(where: { g in
                    g.names.count < 40 && mine.allSatisfy { g.types[$0.key] == nil || g.types[$0.key] == $0.value }
                }) {
                    groups[g].names.insert(m)
                    groups[g].types.merge(mine) { a, _ in a }
                } else {
                    groups.append(([m], mine))
                }
            }
            for g in groups {
                let regex = "/^(" + g.names.map(regexEscaped).joined(separator: "|") + ")$/"
                try s.read(
                    c, from: from + regex, measurements: g.names, window: .init(start: Timestamp.minNano, end: .max, unbounded: true),
                    database: db, comparator: comparator)
            }
        }
        return s
    }

    /// Adds the points of the `measurements` (exactly these bytes) in window `w`.
    mutating func read(
        _ c: InfluxClient, from: String, measurements: Set<[UInt8]>, window w: DatabaseComparator.Window, database db: String,
        comparator: DatabaseComparator
    ) throws {
        let q = "SELECT * FROM \(from) WHERE time >= \(w.start)\(w.unbounded ? "" : " AND time < \(w.end)") GROUP BY *"
        for result in try c.queryValues(q, database: db) {
            for series in result["series"]?.arrayValue ?? [] {
                guard case .string(let m)? = series["name"], measurements.contains(m) else { continue }
                var tags: [String] = []
                if case .map(let items)? = series["tags"] {
                    for (k, v) in items { if case .string(let vb) = v, !vb.isEmpty { tags.append(Self.render(k) + "=" + Self.render(v)) } }
                }
                let columns = (series["columns"]?.arrayValue ?? []).map { v -> String in
                    if case .string(let b) = v { return Self.hex(b) } else { return Self.render(v) }
                }
                for row in series["values"]?.arrayValue ?? [] {
                    let cells = row.arrayValue ?? []
                    guard case .int(let t)? = cells.first else { points.insert("BAD ROW"); continue }
                    if t < w.start || t >= w.end { continue }
                    let fields = zip(columns, cells).dropFirst().filter { $0.1 != .null }.map { "\($0.0)=\(Self.render($0.1))" }
                    points.insert("\(Self.hex(m)) {\(tags.sorted().joined(separator: ","))} @\(t) \(fields.joined(separator: " "))")
                }
            }
        }
    }

    /// RE2 text matching exactly `name`: letters and digits as they are, every other scalar as
    /// `\x{…}`, an invalid UTF-8 byte as U+FFFD (the server's regexp sees it so; the exact
    /// name is checked on the answer).
    static func regexEscaped(_ name: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < name.count {
            let b = name[i]
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
                out.append(Character(Unicode.Scalar(b))); i += 1; continue
            }
            let n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            let chunk = Array(name[i..<min(i + n, name.count)])
            if let s = String(validating: chunk, as: UTF8.self), let scalar = s.unicodeScalars.first, s.unicodeScalars.count == 1 {
                out += "\\x{" + String(scalar.value, radix: 16) + "}"
                i += chunk.count
            } else {
                out += "\\x{fffd}"
                i += 1
            }
        }
        return out
    }
}
