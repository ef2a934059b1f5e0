/// Errors of age keys, key files and encrypted files. Each names its subject: a key file and its
/// 1-based line, or the encrypted file (or object) being read. No message ever contains key
/// material: a key file's line is described, never quoted.
public enum AgeError: Error, Equatable, CustomStringConvertible, Sendable {
    case keyFileUnreadable(path: String, message: String)
    case keyFileLine(path: String, line: Int, problem: String)
    case keyFileEmpty(path: String, expected: String)
    /// A key given outside a file (a flag, a job's list): `source` says where, never the key.
    case malformedKey(source: String, problem: String)
    case notAgeFile(name: String)
    case malformedHeader(name: String, problem: String)
    case headerTooLarge(name: String, limit: Int)
    case noIdentityMatches(name: String)
    case incorrectPassphrase(name: String)
    case badHeaderMAC(name: String)
    case scryptNotAlone(name: String)
    case workFactorTooLarge(name: String, workFactor: Int, limit: Int)
    case truncated(name: String, problem: String)
    /// `chunk` counts from 1.
    case chunkUnauthenticated(name: String, chunk: UInt64)
    case trailingData(name: String)
    case emptyFinalChunk(name: String)
    case invalidPassphrase(problem: String)
    /// swift-crypto refused an operation that cannot fail on valid input.
    case crypto(name: String, operation: String)

    public var description: String {
        switch self {
        case let .keyFileUnreadable(path, message): return "\(path): cannot read key file: \(message)"
        case let .keyFileLine(path, line, problem): return "\(path):\(line): \(problem)"
        case let .keyFileEmpty(path, expected): return "\(path): no \(expected) in file"
        case let .malformedKey(source, problem): return "\(source): \(problem)"
        case let .notAgeFile(name): return "\(name): not an age encrypted file (no age-encryption.org/v1 header)"
        case let .malformedHeader(name, problem): return "\(name): malformed age header: \(problem)"
        case let .headerTooLarge(name, limit): return "\(name): age header larger than \(limit) bytes; refusing it"
        case let .noIdentityMatches(name):
            return "\(name): no identity matches any of the file's recipients; give the identity it was encrypted to"
        case let .incorrectPassphrase(name): return "\(name): incorrect passphrase"
        case let .badHeaderMAC(name): return "\(name): age header failed to authenticate (damaged or tampered)"
        case let .scryptNotAlone(name): return "\(name): malformed age header: an scrypt stanza must be the only one"
        case let .workFactorTooLarge(name, factor, limit):
            return "\(name): scrypt work factor \(factor) is above the limit \(limit); refusing it"
        case let .truncated(name, problem): return "\(name): age payload truncated: \(problem)"
        case let .chunkUnauthenticated(name, chunk):
            return "\(name): age payload chunk \(chunk) failed to authenticate (truncated, damaged or tampered)"
        case let .trailingData(name): return "\(name): trailing data after the end of the age payload"
        case let .emptyFinalChunk(name): return "\(name): age payload ends with an empty chunk, which age never writes"
        case let .invalidPassphrase(problem): return "passphrase: \(problem)"
        case let .crypto(name, operation): return "\(name): \(operation) failed in swift-crypto"
        }
    }
}
