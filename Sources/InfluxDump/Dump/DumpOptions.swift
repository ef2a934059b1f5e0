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
    public var compressionLevel: Int32 = 3
    /// A window's line protocol continues in a new file once a file holds this many raw bytes
    /// (a file may pass it by one point). Kept below InfluxDB's 25 MB max-body-size so any
    /// segment can be posted to /write whole with `zstd -dc | curl`.
    public var segmentSize: Int64 = 16 << 20
    /// …or this many points (InfluxDB refuses a request of over ~1 M points whole).
    public var segmentPoints: Int64 = 500_000
    /// 23 MiB: InfluxDB's default max-body-size is 25,000,000 bytes (24 MiB would not fit).
    public static let maxSegmentSize: Int64 = 23 << 20
    public var retry = RetryPolicy()

    public init(source: ClientConfiguration) { self.source = source }
}
