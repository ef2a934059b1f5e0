import ArchiveFormat
import InfluxAPI
import Schema
import Support

/// `verify --against`: compares an archive with its live source, window by window. For each
/// query window of the manifest (also those that returned no point: an empty answer is not proof
/// of no data) it compares the archive's values per field with the server's `count(*)` over
/// the same window, cut at the time the dump started (points written later are not compared).
/// Cost: one count query per window, two for the first shard group's.
public struct SourceComparer {
    public let client: InfluxClient

    public init(client: InfluxClient) {
        self.client = client
    }

    /// A window whose count of values of one field differs.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        /// The range compared: the window, cut at the dump's start.
        public var window: Manifest.Window
        public var field: String
        public var archive: Int64
        public var server: Int64

        public var detail: String { "field \(field): archive \(archive), server \(server)" }
        public var description: String { "\(window.label): \(detail)" }
        public var finding: Finding { Finding(.source, window.label, detail) }
    }

    /// The windows to compare: the manifest's plan, or (archives of older versions) the windows
    /// that hold segments.
    public static func windows(of manifest: Manifest) -> [Manifest.Window] {
        if let planned = manifest.windows { return planned }
        var seen = Set<Manifest.Window>()
        return manifest.segments.compactMap { s in
            let w = Manifest.Window(
                database: s.database, retentionPolicy: s.retentionPolicy, measurement: s.measurement,
                start: s.windowStart, end: s.windowEnd, unboundedAbove: firstGroup(manifest, s) ? true : nil)
            return seen.insert(w).inserted ? w : nil
        }
    }

    /// The time the dump started, in ns: windows are compared up to it.
    public static func cut(of manifest: Manifest) -> Int64 { Timestamp.parse(manifest.createdAt) ?? .max }

    /// `counts`: values per field of each segment window before `cut(of:)` (`ArchiveVerifier`).
    public func compare(_ manifest: Manifest, counts: [Manifest.Window: [String: Int64]]) throws -> [Difference] {
        let cut = Self.cut(of: manifest)
        let onlySavedFields = manifest.parameters.fieldsLeftOut == true
        var out: [Difference] = []
        for w in Self.windows(of: manifest) {
            let end = min(w.end, cut)
            guard w.start < end else { continue }
            let key = Manifest.Window(
                database: w.database, retentionPolicy: w.retentionPolicy, measurement: w.measurement,
                start: w.start, end: w.end)
            let archive = counts[key] ?? [:]
            let server = try serverCounts(w, end: end)
            let fields = onlySavedFields ? Set(archive.keys) : Set(archive.keys).union(server.filter { $0.value > 0 }.keys)
            var compared = w
            compared.end = end
            for f in fields.sorted() where archive[f, default: 0] != server[f, default: 0] {
                out.append(Difference(window: compared, field: f, archive: archive[f, default: 0], server: server[f, default: 0]))
            }
        }
        return out
    }

    /// Values per field in `[w.start, end)`. The first shard group answers only queries without an
    /// upper bound (API facts §11), so there it is `count(time >= start) - count(time >= end)`.
    package func serverCounts(_ w: Manifest.Window, end: Int64) throws -> [String: Int64] {
        guard w.unboundedAbove == true else { return try count(w, "time >= \(w.start) AND time < \(end)") }
        let all = try count(w, "time >= \(w.start)")
        guard end != .max else { return all }
        let later = try count(w, "time >= \(end)")
        return all.merging(later.mapValues { -$0 }, uniquingKeysWith: +)
    }

    private func count(_ w: Manifest.Window, _ condition: String) throws -> [String: Int64] {
        let from = InfluxQL.source(database: w.database, retentionPolicy: w.retentionPolicy, measurement: w.measurement)
        let results = try client.queryValues("SELECT count(*) FROM \(from) WHERE \(condition)", database: w.database)
        guard let row = SchemaDiscovery.rows(results).first else { return [:] }
        var out: [String: Int64] = [:]
        for (column, value) in zip(row.columns, row.values) where column.hasPrefix("count_") {
            out[String(column.dropFirst("count_".count))] = value.intValue ?? 0
        }
        return out
    }

    /// Whether a segment's window lies in the first shard group (recorded with start Int64.min).
    private static func firstGroup(_ manifest: Manifest, _ s: Manifest.Segment) -> Bool {
        let rp = manifest.databases.first { $0.name == s.database }?.retentionPolicies.first { $0.name == s.retentionPolicy }
        return rp?.shardGroups.contains { $0.start == .min && s.windowStart < $0.end } ?? false
    }
}
