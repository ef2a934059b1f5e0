/// The outcome of one run of one job.
public struct JobResult: Sendable {
    public enum Status: Sendable, Equatable {
        case succeeded
        case failed(String)
        case skipped(String)
    }
    public var job: String
    public var status: Status
    public var points: Int64 = 0
    /// Bytes written: compressed archive bytes, or line-protocol bytes sent for a server target.
    public var bytes: Int64 = 0
    public var seconds: Double = 0
    /// The archive written, for archive targets.
    public var archive: String?
    /// Count mismatches found by `options.validate`.
    public var mismatches: [String] = []
    /// Non-fatal problems of the run (metrics not published), each one line, already logged.
    public var warnings: [String] = []

    public var failed: Bool { if case .failed = status { return true } else { return false } }
}
