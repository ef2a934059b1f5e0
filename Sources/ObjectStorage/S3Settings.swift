import Foundation
import Support

/// How to reach an S3-compatible store and how to write objects there.
public struct S3Settings: Sendable {
    /// A custom endpoint (`http://127.0.0.1:9000`: MinIO, Ceph RGW, Garage, SeaweedFS, moto),
    /// addressed path-style; nil: AWS itself, virtual-hosted style.
    public var endpoint: String?
    public var region: String
    public var credentials: S3Credentials
    public var caCertPath: String?
    public var insecureSkipVerify = false
    /// `x-amz-storage-class` of every object written (nil: the bucket's default).
    public var storageClass: String?
    /// Days of object-lock retention set on every object written (nil: none).
    public var objectLockDays: Int?
    /// `GOVERNANCE` (privileged users may still delete) or `COMPLIANCE` (nobody can).
    public var objectLockMode = "GOVERNANCE"
    /// Bytes a segment's upload holds in memory: one multipart part. Segments up to this size
    /// are one PUT; larger ones are uploaded in parts of this size (S3's minimum is 5 MiB).
    public var partSize = 8 << 20
    public var retry = RetryPolicy()

    public init(endpoint: String? = nil, region: String, credentials: S3Credentials) {
        self.endpoint = endpoint.map { e in
            var u = e; while u.hasSuffix("/") { u.removeLast() }; return u
        }
        self.region = region
        self.credentials = credentials
    }

    /// The settings the standard environment gives (credentials, region, `AWS_ENDPOINT_URL_S3` or
    /// `AWS_ENDPOINT_URL`); `endpoint` (`--s3-endpoint`) wins over the environment's.
    public static func fromEnvironment(_ env: [String: String], endpoint: String? = nil, region: String? = nil) throws(S3Error)
        -> S3Settings
    {
        let credentials = try S3Credentials.resolve(environment: env)
        let fromEnv = [env["AWS_ENDPOINT_URL_S3"], env["AWS_ENDPOINT_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        var settings = S3Settings(
            endpoint: endpoint ?? fromEnv, region: region ?? S3Credentials.region(environment: env), credentials: credentials)
        settings.caCertPath = env["AWS_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 }
        return settings
    }

    /// The URL of `key` in `bucket` (its path segments percent-encoded as SigV4 canonicalises
    /// them), with `query` sorted by name as the signature needs.
    func url(bucket: String, key: String, query: [(String, String)] = []) -> String {
        let path =
            key.isEmpty
            ? "" : "/" + key.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode(String($0)) }.joined(separator: "/")
        let base: String
        if let endpoint {
            base = endpoint + "/" + bucket + path
        } else {
            base = "https://\(bucket).s3.\(region).amazonaws.com" + (path.isEmpty ? "/" : path)
        }
        guard !query.isEmpty else { return base }
        return base + "?" + query.sorted { $0.0 < $1.0 }.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters stay; every other byte is `%XX` (upper-case hex).
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }
}
