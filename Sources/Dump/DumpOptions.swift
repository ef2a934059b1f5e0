import ArchiveFormat
import InfluxAPI
import LineProtocol
import NativeBackup
import Schema
import Support

/// Everything a dump needs to know. Built by the CLI or by a job file.
public struct DumpOptions: Sendable {
    public var source: ClientConfiguration
    public var databases: [String] = []
    public var retentionPolicies: [String] = []
    public var measurements: [String] = []
    public var start: Int64? = nil
    public var end: Int64? = nil
    /// Upper bound on one query's window (nil: one shard group).
    public var chunk: Int64? = nil
    public var jobs: Int = 2
    /// Level 1: on telegraf-like line protocol both faster and smaller than 3 (bench/RESULTS.md).
    public var compressionLevel: Int32 = 1
    /// A window's line protocol continues in a new file once a file holds this many raw bytes
    /// (a file may pass it by one point). Kept below InfluxDB's 25 MB max-body-size so any
    /// segment can be posted to /write whole with `zstd -dc | curl`.
    public var segmentSize: Int64 = 16 << 20
    /// …or this many points (InfluxDB refuses a request of over ~1 M points whole).
    public var segmentPoints: Int64 = 500_000
    /// 23 MiB: InfluxDB's default max-body-size is 25,000,000 bytes (24 MiB would not fit).
    public static let maxSegmentSize: Int64 = 23 << 20
    public var retry = RetryPolicy()
    /// Measurements to take (names or /regex/), on top of `measurements`.
    public var measurementFilter = NameFilter()
    /// Fields to take; a point left with no field is not written and is counted.
    public var fieldFilter = FieldFilter()
    /// Incremental runs: where each measurement starts (nil: at `start`). Asked once per
    /// measurement after discovery and filtering.
    public var startOf: (@Sendable (MeasurementKey) throws -> Int64?)? = nil
    /// Skip measurements whose newest point is older than this, and fields with no value in it.
    public var obsoleteAfter: Int64? = nil
    /// Recorded in the manifest: the database each source database should be restored as.
    public var destinations: [String: String] = [:]
    /// Recorded in the manifest: the job that wrote it and the archive it continues.
    public var job: String? = nil
    public var parent: Manifest.Parent? = nil
    /// Watermarks carried over from the parent for measurements this run found no point of.
    public var inheritedWatermarks: [MeasurementKey: Int64] = [:]
    public var cancellation = Cancellation()
    /// Live counters for a progress display (points, bytes, windows done of planned).
    public var progress: TransferProgress? = nil
    /// Upper bounds on the rate at which points are read (nil: as fast as the server answers).
    public var throttle: Throttle? = nil
    /// How windows are queried: `auto` without `GROUP BY *` wherever that is exact
    /// (`TagColumns`), `series` always with it.
    public var queryShape: QueryShapeOption = .auto
    /// Read the points from this `influxd backup -portable` folder or stopped server's data
    /// directory (`nativeKind`), offline, instead of `source`.
    public var fromBackup: String? = nil
    public var nativeKind: NativeSourceKind = .portableBackup
    /// Where a backup's shards are unpacked while the dump runs (nil: the temporary folder).
    /// Needs room for the uncompressed shards of the databases dumped.
    public var workFolder: String? = nil

    public init(source: ClientConfiguration) { self.source = source }
}

/// `--query-shape`: the cheaper shape where it is exact, or the series shape everywhere.
public enum QueryShapeOption: String, Sendable, CaseIterable {
    case auto
    case series
}
