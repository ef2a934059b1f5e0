/// An `s3://bucket/prefix` location: the bucket and the key prefix under which an archive's
/// files (or a job folder's runs) are stored, without leading or trailing `/`.
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    public var prefix: String

    public init(bucket: String, prefix: String) {
        self.bucket = bucket
        self.prefix = prefix
    }

    /// Parses `s3://bucket[/prefix]`; the error says what is wrong with it.
    public init(parsing url: String) throws(S3Error) {
        guard url.hasPrefix("s3://") else { throw .location(url, "expected s3://bucket/prefix") }
        let rest = url.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        let prefix = rest.dropFirst(bucket.count).split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        guard (3...63).contains(bucket.count),
            bucket.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }),
            bucket.first.map({ $0.isLetter || $0.isNumber }) == true
        else {
            throw .location(url, "bucket name must be 3 to 63 lower-case letters, digits, '.' or '-'")
        }
        guard !prefix.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else {
            throw .location(url, "the prefix may not hold '.' or '..' parts")
        }
        self.init(bucket: bucket, prefix: prefix)
    }

    /// The key of `name` under the prefix.
    public func key(_ name: String) -> String { prefix.isEmpty ? name : prefix + "/" + name }

    /// The location one level down.
    public func child(_ name: String) -> S3Location { S3Location(bucket: bucket, prefix: key(name)) }

    public var description: String { prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)" }
}
