/// Errors of running a dump that are not transport, schema or archive errors.
public enum DumpError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Some data could not be written as line protocol; the archive records each case.
    case unrepresentable(count: Int64)
    /// Measurements the server holds that no query can name exactly (names that are not UTF-8).
    case unsavedMeasurements(count: Int)
    case failed(task: String, underlying: String)

    public var description: String {
        switch self {
        case let .unrepresentable(n):
            return
                "\(n) point(s) could not be saved exactly (data line protocol cannot carry, or a server limitation); each case is listed under findings in manifest.json"
        case let .unsavedMeasurements(n):
            return
                "\(n) measurement(s) could not be saved (InfluxQL cannot name them exactly); each is listed under findings in manifest.json"
        case let .failed(task, u): return "\(task): \(u)"
        }
    }
}
