/// Everything that can go wrong talking to an InfluxDB server. Messages are one line, lowercase,
/// name the server or statement, and never contain credentials.
public enum InfluxClientError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The transport failed (refused, reset, timeout, TLS). `curlCode` is libcurl's CURLcode.
    case transport(url: String, curlCode: Int, message: String)
    /// The server answered with an HTTP error status.
    case http(url: String, status: Int, message: String)
    /// HTTP 200, but a statement failed (`database not found`, …).
    case statement(query: String, message: String)
    /// The response body is not what InfluxDB sends.
    case malformedResponse(String)
    /// The body ended before the final chunk (connection cut mid-stream).
    case truncatedResponse(query: String)
    /// A partial write: the server stored some points and dropped `dropped` of them.
    case partialWrite(database: String, dropped: Int, message: String)
    /// The consumer of a streamed response stopped the transfer.
    case cancelled

    public var description: String {
        switch self {
        case let .transport(url, code, message): return "\(url): connection failed (curl \(code)): \(message)\(Self.transportHint(code))"
        case let .http(url, status, message): return "\(url): HTTP \(status): \(message)\(Self.hint(status))"
        case let .statement(query, message): return "query failed: \(message) (in: \(query))"
        case let .malformedResponse(m): return "malformed server response: \(m)"
        case let .truncatedResponse(query): return "response ended before its final chunk (in: \(query))"
        case let .partialWrite(db, dropped, message): return "database \(db): server refused \(dropped) point(s): \(message)"
        case .cancelled: return "transfer cancelled"
        }
    }

    /// libcurl codes that no retry can fix: TLS trust and certificate files, malformed URLs.
    static let permanentCurlCodes: Set<Int> = [3, 51, 58, 60, 77]

    private static func transportHint(_ code: Int) -> String {
        switch code {
        case 60, 51: return " (the server's certificate is not trusted: give --ca-cert FILE with its CA, or --insecure-skip-verify)"
        case 58, 77: return " (check the --ca-cert file)"
        default: return ""
        }
    }

    private static func hint(_ status: Int) -> String {
        switch status {
        case 401:
            return
                " (check the user name and its password: --username with INFLUX_PASSWORD or --password-file, or a job's username with password_env or password_file)"
        case 403: return " (the user lacks the privilege; dump needs admin for SHOW SHARDS or falls back, restore needs write/admin)"
        default: return ""
        }
    }

    /// Whether retrying the same request may succeed (connection trouble, 5xx, 429, cut streams).
    public var isTransient: Bool {
        switch self {
        case .transport(_, let code, _): return !Self.permanentCurlCodes.contains(code)
        case .http(_, let status, _): return status >= 500 || status == 429 || status == 408
        case .truncatedResponse: return true
        // A server going down answers HTTP 200 with these statement errors.
        case .statement(_, let message):
            return ["query engine shutdown", "query interrupted", "timeout"].contains { message.contains($0) }
        default: return false
        }
    }
}
