/// Why metrics could not be published. Never fatal to the run they describe: the publisher
/// turns each into a warning. Carries no credentials (URLs are redacted, passwords never seen).
public enum MetricsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The Pushgateway answered with a non-2xx status.
    case pushRejected(url: String, status: Int, message: String)
    /// The Pushgateway could not be reached.
    case pushFailed(url: String, message: String)
    /// The metrics database did not take the point.
    case writeFailed(database: String, message: String)
    /// A label value line protocol cannot carry.
    case unwritableTag(name: String, problem: String)

    public var description: String {
        switch self {
        case let .pushRejected(url, status, message):
            return "pushgateway \(url): HTTP \(status): \(message)"
        case let .pushFailed(url, message):
            return "pushgateway \(url): \(message)"
        case let .writeFailed(database, message):
            return "metrics database \(database): \(message)"
        case let .unwritableTag(name, problem):
            return "metrics point: tag \(name): \(problem)"
        }
    }
}
