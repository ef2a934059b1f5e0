import ArchiveFormat
import Crypto
import Foundation
import InfluxAPI
import Support

/// A blocking S3 client over libcurl: every request is signed by libcurl's own SigV4
/// (`CURLOPT_AWS_SIGV4`) and carries `x-amz-content-sha256`, as S3 requires. Thread-safe: each
/// request borrows one of a small pool of curl handles (one per worker thread in use), so
/// connections are kept alive between requests.
public final class S3Client: @unchecked Sendable {
    public let settings: S3Settings
    public let bucket: String
    private let handles = Locked<[CurlEasyHandle]>([])
    /// Error answers are short; anything longer is cut here.
    static let maxErrorBody = 64 * 1024

    public init(settings: S3Settings, bucket: String) {
        self.settings = settings
        self.bucket = bucket
    }

    /// One answer: the status, the headers (lower-case names) and, for small answers, the body.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    /// `s3://bucket/key`, for messages.
    func object(_ key: String) -> String { "s3://\(bucket)/\(key)" }

    /// Sends one request, retried by `settings.retry` while the failure is transient. A 2xx (or
    /// a status in `accept`) is returned; anything else becomes `S3Error.service` naming the
    /// key and S3's error code. `onData` streams a 2xx body (nil: the body is collected).
    /// `subject` names the request in errors when it is not `key` (a listing names its prefix).
    func send(
        _ method: String, key: String, query: [(String, String)] = [], headers: [String] = [], body: [UInt8] = [],
        accept: Set<Int> = [], subject: String? = nil, onData: ((UnsafeRawBufferPointer) throws -> Void)? = nil
    ) throws -> Answer {
        try settings.retry.run(isTransient: { ($0 as? S3Error)?.isTransient ?? false }) {
            try sendOnce(
                method, key: key, query: query, headers: headers, body: body, accept: accept, subject: subject ?? key, onData: onData)
        }
    }

    private func sendOnce(
        _ method: String, key: String, query: [(String, String)], headers: [String], body: [UInt8], accept: Set<Int>,
        subject: String, onData: ((UnsafeRawBufferPointer) throws -> Void)?
    ) throws -> Answer {
        let curl = try borrow()
        defer { handles.with { $0.append(curl) } }
        var collected: [UInt8] = []
        var failure: Error? = nil
        let payloadHash = body.withUnsafeBytes { HashingSink.hex(of: $0) }
        var all = headers + ["x-amz-content-sha256: \(payloadHash)"]
        if let token = settings.credentials.sessionToken { all.append("x-amz-security-token: \(token)") }
        if method == "PUT" || method == "POST" { all.append("Content-Type: application/octet-stream") }
        let url = settings.url(bucket: bucket, key: key, query: query)
        let response: CurlEasyHandle.Response
        do {
            response = try body.withUnsafeBytes { raw in
                try curl.perform(method: method, url: url, headers: all, body: raw) { status, bytes in
                    if (200..<300).contains(status), let onData {
                        do { try onData(bytes) } catch { failure = error; return false }
                    } else if collected.count < Self.maxErrorBody || (200..<300).contains(status) {
                        collected.append(contentsOf: bytes)
                    }
                    return true
                }
            }
        } catch InfluxClientError.cancelled {
            throw failure ?? S3Error.transport(object: object(subject), message: "cancelled")
        } catch let InfluxClientError.transport(_, _, message) {
            throw S3Error.transport(object: object(subject), message: message)
        }
        guard (200..<300).contains(response.status) || accept.contains(response.status) else {
            throw Self.serviceError(status: response.status, body: collected, object: object(subject))
        }
        return Answer(status: response.status, headers: response.headers, body: collected)
    }

    private func borrow() throws -> CurlEasyHandle {
        if let h = handles.with({ $0.popLast() }) { return h }
        let config = ClientConfiguration(
            baseURL: settings.endpoint ?? "https://s3.\(settings.region).amazonaws.com", caCertPath: settings.caCertPath,
            insecureSkipVerify: settings.insecureSkipVerify, connectTimeout: 10, stallTimeout: 120)
        let h = try CurlEasyHandle(config: config)
        h.awsSigV4 = .init(
            provider: "aws:amz:\(settings.region):s3", accessKey: settings.credentials.accessKey, secretKey: settings.credentials.secretKey)
        return h
    }

    /// The `<Error><Code>…` answer, or the status alone when the body is not one (a HEAD has
    /// no body: 404 is then `NoSuchKey`, 403 `AccessDenied`).
    static func serviceError(status: Int, body: [UInt8], object: String) -> S3Error {
        if let xml = S3XML.parse(body), xml.name == "Error", let code = xml["Code"] {
            return .service(object: object, status: status, code: code, message: xml["Message"] ?? "")
        }
        let code: String
        switch status {
        case 403: code = "AccessDenied"
        case 404: code = "NoSuchKey"
        case 503: code = "SlowDown"
        default: code = status >= 500 ? "InternalError" : "HTTP\(status)"
        }
        return .service(object: object, status: status, code: code, message: "")
    }

    /// `Content-MD5` of a body (S3 refuses a body that does not match it) and its hex form, which
    /// is the ETag S3 gives a single PUT or a part.
    static func md5(_ bytes: UnsafeRawBufferPointer) -> (base64: String, hex: String, raw: [UInt8]) {
        let digest = Array(Insecure.MD5.hash(data: bytes))
        return (Data(digest).base64EncodedString(), digest.map { String(format: "%02x", $0) }.joined(), digest)
    }
}
