/// Errors of object storage. Each names the bucket and key (`s3://bucket/key`) and, for an
/// answer of the service, its HTTP status and S3 error code. No message ever holds a secret: the
/// credentials live in libcurl's options only.
public enum S3Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// The service refused: `code` is S3's error code (`AccessDenied`, `NoSuchBucket`,
    /// `SignatureDoesNotMatch`, `SlowDown`, …).
    case service(object: String, status: Int, code: String, message: String)
    /// The request did not reach the service or its answer was cut off.
    case transport(object: String, message: String)
    /// What the service stored is not what was sent (ETag or checksum differ).
    case checksum(object: String, problem: String)
    /// An answer that is not what S3 sends.
    case malformedResponse(object: String, problem: String)
    case location(String, String)
    /// No credentials, or an unreadable credentials file.
    case credentials(String)

    public var description: String {
        switch self {
        case let .service(object, status, code, message):
            let detail = message.isEmpty ? "" : ": \(message)"
            return "\(object): \(code) (HTTP \(status))\(detail)\(Self.hint(code: code, status: status).map { "; \($0)" } ?? "")"
        case let .transport(object, message): return "\(object): request failed: \(message)"
        case let .checksum(object, problem): return "\(object): upload not stored intact: \(problem)"
        case let .malformedResponse(object, problem): return "\(object): unexpected answer from the object store: \(problem)"
        case let .location(url, problem): return "\(url): not an object storage location: \(problem)"
        case let .credentials(problem): return "object storage credentials: \(problem)"
        }
    }

    /// What the user can do about a refusal that will not go away by retrying.
    static func hint(code: String, status: Int) -> String? {
        switch code {
        case "SignatureDoesNotMatch", "InvalidAccessKeyId":
            return "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the AWS_PROFILE's credentials) and the region"
        case "AccessDenied": return "the credentials lack permission for this bucket or key (check the bucket policy)"
        case "NoSuchBucket": return "create the bucket first, or check its name and --s3-endpoint"
        case "ExpiredToken", "TokenRefreshRequired": return "AWS_SESSION_TOKEN has expired: get new credentials"
        case "InvalidRequest" where status == 400: return "the bucket may lack object lock or versioning that this request needs"
        default: return nil
        }
    }

    /// Worth trying again with backoff: the service's 5xx and throttling, connection failures.
    public var isTransient: Bool {
        switch self {
        case let .service(_, status, code, _):
            return status >= 500 || ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "BadDigest"].contains(code)
        case .transport: return true
        default: return false
        }
    }
}
