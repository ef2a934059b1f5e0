/// One problem `verify` found. Verify reports every finding rather than stopping at the first.
public struct Finding: Sendable, Equatable, CustomStringConvertible, Codable {
    public enum Kind: String, Sendable, Codable {
        case manifest, missing, size, checksum, zstd, parse, count, timeBounds = "time bounds", measurement, window, stray
        /// `verify --against`: a window whose values per field differ from the source server's.
        case source
        /// An encrypted file that does not decrypt with the identity given (damaged, truncated,
        /// tampered with, or encrypted to other keys).
        case decrypt
    }
    public var kind: Kind
    /// The file the finding is about, relative to the archive (or the archive itself).
    public var subject: String
    public var detail: String

    public init(_ kind: Kind, _ subject: String, _ detail: String) {
        self.kind = kind
        self.subject = subject
        self.detail = detail
    }

    public var description: String { "\(subject): \(kind.rawValue): \(detail)" }
}
