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
    /// A window's line protocol is cut into files of at most this many raw bytes.
    public var segmentSize: Int64 = 64 << 20
    public var retry = RetryPolicy()

    public init(source: ClientConfiguration) { self.source = source }
}
