import ArchiveFormat
import LineProtocol
import Support

/// What a dump could not save exactly: one sentence per problem, with the number of points it
/// affected. The manifest lists them as `<sentence> (<n> point(s) affected)`; the sentences are
/// quoted by formats/archive-format.md §9 and by tests, so their text must not change.
public struct DumpFindings: Equatable, Sendable {
    /// Points affected, by sentence.
    public private(set) var counts: [String: Int64]

    public init(_ counts: [String: Int64] = [:]) { self.counts = counts }

    /// Points affected by every problem together (a point may be counted under several).
    public var total: Int64 { counts.values.reduce(0, +) }

    /// The manifest's `findings`: sorted by sentence, each with its count.
    public var manifestLines: [String] {
        counts.keys.sorted().map { "\($0) (\(counts[$0] ?? 0) point(s) affected)" }
    }

    mutating func add(_ problem: String, points: Int64) { counts[problem, default: 0] += points }

    mutating func add(_ other: [String: Int64]) {
        for (problem, points) in other { add(problem, points: points) }
    }

    /// The spanning query of an unbounded window left out the `cast` values of a field that is
    /// numeric elsewhere in the retention policy.
    static func valuesLeftOut(_ task: DumpTask, field: String, cast: FieldType) -> String {
        "\(task.database)/\(task.retentionPolicy)/\(task.measurement): field \(field): \(cast.rawValue) values in the first shard group "
            + "(before \(Timestamp.format(task.end))) cannot be read by InfluxDB 1.6.7 next to other types and were left out"
    }

    /// An unbounded window read a field with several types: the server may have cast or left out
    /// some of its values.
    static func typesMayBeCast(_ task: DumpTask, field: String, types: [FieldType]) -> String {
        "\(task.database)/\(task.retentionPolicy)/\(task.measurement): field \(field) has types "
            + "\(types.map(\.rawValue).joined(separator: ", ")) in this retention policy, and InfluxDB 1.6.7 reads the first shard group "
            + "(points before \(Timestamp.format(task.end))) only through a query spanning all groups, which casts or leaves out "
            + "such values; check these points by hand"
    }
}
