import Foundation

/// An identity file as `age-keygen` writes it: `#` comments, blank lines and one
/// `AGE-SECRET-KEY-1…` per line (several keys allowed; each is tried on every file).
public struct AgeIdentityFile: Sendable {
    public let path: String
    public let identities: [AgeIdentity]
    /// The file can be read by group or others (mode & 0o077): the caller warns (`chmod 600` it).
    public let readableByOthers: Bool

    /// Reads and parses the identity file at `path`. Errors name the file and line, never a key.
    public static func load(_ path: String) throws(AgeError) -> AgeIdentityFile {
        let (text, mode) = try KeyFileLines.read(path)
        let identities = try parse(text, path: path)
        return AgeIdentityFile(path: path, identities: identities, readableByOthers: mode & 0o077 != 0)
    }

    /// Parses an identity file's text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(AgeError) -> [AgeIdentity] {
        if text.hasPrefix("age-encryption.org/") || text.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----") {
            throw .keyFileLine(
                path: path, line: 1, problem: "passphrase-protected identity files are not supported; decrypt it with age first")
        }
        var identities: [AgeIdentity] = []
        for (line, key) in KeyFileLines.keys(in: text) {
            do {
                identities.append(try AgeIdentity(parsing: key, source: path))
            } catch {
                throw .keyFileLine(path: path, line: line, problem: problem(of: key, error))
            }
        }
        if identities.isEmpty { throw .keyFileEmpty(path: path, expected: "age identities (AGE-SECRET-KEY-1…)") }
        return identities
    }

    /// What is wrong with a line, in words that never repeat it.
    private static func problem(of key: String, _ error: AgeError) -> String {
        if key.hasPrefix("age1") { return "a recipient (public key) where an identity (AGE-SECRET-KEY-1…) was expected" }
        if key.hasPrefix("AGE-PLUGIN-") { return "age plugin identities are not supported" }
        if case let .malformedKey(_, problem) = error { return problem }
        return "not an age identity (expected AGE-SECRET-KEY-1…)"
    }
}
