import ArchiveFormat
import InfluxAPI
import LineProtocol
import Schema

/// One query of a dump: one database, RP, measurement and time window `[start, end)`.
public struct DumpTask: Sendable, Equatable, Codable {
    public var index: Int
    public var database: String
    public var retentionPolicy: String
    public var measurement: String
    public var start: Int64
    public var end: Int64
    /// Query without an upper time bound and keep `[start, end)` client-side (InfluxDB 1.6.7's
    /// first shard group after a restart answers nothing to a bounded query).
    public var unboundedAbove: Bool
    /// For unbounded windows: fields of this measurement with several types in the RP. Such a
    /// query spans every shard group, so the server casts them (int → float) or leaves values
    /// out (strings, booleans next to numbers); points found in the window are reported.
    public var multiTypedFields: [String: [FieldType]] = [:]
    /// Fields left out of this window (no value within `obsolete_after`).
    public var excludedFields: Set<String> = []
    /// Set: query `SELECT *` without `GROUP BY *`, the tags coming back as columns (exact for
    /// these names; see `TagColumns`). Nil: `GROUP BY *`.
    public var tagColumns: TagColumns? = nil

    public var key: MeasurementKey { MeasurementKey(database: database, retentionPolicy: retentionPolicy, measurement: measurement) }

    public var query: String {
        let from = InfluxQL.source(database: database, retentionPolicy: retentionPolicy, measurement: measurement)
        let upper = unboundedAbove ? "" : " AND time < \(end)"
        return "SELECT * FROM \(from) WHERE time >= \(start)\(upper)" + (tagColumns == nil ? " GROUP BY *" : "")
    }

    /// The query shape as segments record it.
    public var shape: Manifest.QueryShape { tagColumns == nil ? .series : .time }

    /// The window as the manifest records it.
    public var window: Manifest.Window {
        Manifest.Window(
            database: database, retentionPolicy: retentionPolicy, measurement: measurement, start: start, end: end,
            unboundedAbove: unboundedAbove ? true : nil, excludedFields: excludedFields.isEmpty ? nil : excludedFields.sorted())
    }

    public var label: String { window.label }
}
