import ArchiveFormat
import InfluxAPI
import LineProtocol
import Schema
import Support

/// `verify --against`: compares an archive with its live source, window by window. For each
/// query window of the manifest (also those that returned no point: an empty answer is not proof
/// of no data) it compares the archive's values per field with the server's `count(*)` over the
/// same window, cut at the time the dump started (points written later are not compared).
/// Cost: one count query per window; for the first shard group's window, which 1.6.7 answers only
/// without an upper bound, three queries that each read the measurement from MinNanoTime on.
public struct SourceComparer {
    public let client: InfluxClient

    public init(client: InfluxClient) {
        self.client = client
    }

    /// What a comparison found and how much it covered.
    public struct Outcome: Sendable {
        public var differences: [Difference] = []
        /// Windows counted on both sides.
        public var compared = 0
        /// Windows that start at or after the dump's start: nothing of theirs was compared.
        public var afterCut = 0
    }

    /// The windows to compare: the manifest's plan, or (archives of older versions) the windows
    /// that hold segments. None starts below MinNanoTime.
    public static func windows(of manifest: Manifest) -> [Manifest.Window] {
        if let planned = manifest.windows { return planned.map(clamped) }
        var seen = Set<Manifest.Window>()
        return manifest.segments.compactMap { s in
            var w = s.window
            w.unboundedAbove = firstGroup(manifest, s) ? true : nil
            return seen.insert(w).inserted ? clamped(w) : nil
        }
    }

    /// The time the dump started, in ns: windows are compared up to it.
    public static func cut(of manifest: Manifest) -> Int64 { Timestamp.parse(manifest.createdAt) ?? .max }

    /// `counts`: values per field of each segment window before `cut(of:)` (`ArchiveVerifier`).
    public func compare(_ manifest: Manifest, counts: [Manifest.Window: [String: Int64]]) throws -> Outcome {
        let cut = Self.cut(of: manifest)
        let fields = try FieldScope(manifest)
        var outcome = Outcome()
        for w in Self.windows(of: manifest) {
            let end = min(w.end, cut)
            guard w.start < end else {
                outcome.afterCut += 1
                continue
            }
            let archive = counts[w.key] ?? [:]
            let server = try serverCounts(w, end: end)
            var compared = w
            compared.end = end
            outcome.compared += 1
            for f in fields.compared(in: w, archive: archive, server: server) where archive[f, default: 0] != server[f, default: 0] {
                outcome.differences.append(
                    Difference(window: compared, field: f, archive: archive[f, default: 0], server: server[f, default: 0]))
            }
        }
        return outcome
    }

    /// Values per field in `[w.start, end)`. The first shard group answers only queries without an
    /// upper bound (API facts §11), so there it is `count(time >= start) − count(time >= end)`;
    /// the later part is counted before and after, and again until both agree, so points written
    /// meanwhile cannot skew the difference.
    package func serverCounts(_ w: Manifest.Window, end: Int64) throws -> [String: Int64] {
        guard w.unboundedAbove == true else { return try count(w, "time >= \(w.start) AND time < \(end)") }
        guard end != .max else { return try count(w, "time >= \(w.start)") }
        var later = try count(w, "time >= \(end)")
        for _ in 0..<3 {
            let all = try count(w, "time >= \(w.start)")
            let again = try count(w, "time >= \(end)")
            if again == later { return all.merging(later.mapValues { -$0 }, uniquingKeysWith: +) }
            later = again
        }
        throw InfluxClientError.malformedResponse("\(w.label): the source kept changing while it was counted; try again")
    }

    private func count(_ w: Manifest.Window, _ condition: String) throws -> [String: Int64] {
        try SchemaDiscovery(client: client).fieldCounts(
            database: w.database, retentionPolicy: w.retentionPolicy, measurement: w.measurement, where: condition)
    }

    /// No query may have a bound below MinNanoTime (API facts 2b); older archives recorded the
    /// first group's windows from Int64.min.
    static func clamped(_ w: Manifest.Window) -> Manifest.Window {
        var out = w
        out.start = max(w.start, Timestamp.minNano)
        return out
    }

    /// Whether a segment's window lies in the first shard group (recorded with start Int64.min).
    private static func firstGroup(_ manifest: Manifest, _ s: Manifest.Segment) -> Bool {
        let rp = manifest.databases.first { $0.name == s.database }?.retentionPolicies.first { $0.name == s.retentionPolicy }
        return rp?.shardGroups.contains { $0.start == .min && s.windowStart < $0.end } ?? false
    }
}
