import Foundation

/// An access key, its secret and an optional session token, found where AWS tools look, in the
/// same order: the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN`), then the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE` or
/// `~/.aws/credentials`) for the profile `AWS_PROFILE` (else `default`). The secret and token
/// are never formatted into any message: `description` shows the key id only.
public struct S3Credentials: Sendable, CustomStringConvertible {
    public var accessKey: String
    public var secretKey: String
    public var sessionToken: String?

    public init(accessKey: String, secretKey: String, sessionToken: String? = nil) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
    }

    public var description: String { "access key \(accessKey)" }

    /// The profile the environment names.
    static func profile(_ env: [String: String]) -> String { env["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default" }

    /// The credentials from the environment or the shared file; the error says where it looked.
    public static func resolve(environment env: [String: String]) throws(S3Error) -> S3Credentials {
        if let key = env["AWS_ACCESS_KEY_ID"], !key.isEmpty {
            guard let secret = env["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw .credentials("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            return S3Credentials(
                accessKey: key, secretKey: secret, sessionToken: env["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
        }
        let file = env["AWS_SHARED_CREDENTIALS_FILE"] ?? home(env) + "/.aws/credentials"
        let profile = profile(env)
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw .credentials("none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with \(file)")
        }
        let sections = IniFile.parse(text)
        guard let section = sections[profile] else { throw .credentials("\(file): no profile [\(profile)]") }
        guard let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else {
            throw .credentials("\(file): profile [\(profile)] lacks aws_access_key_id or aws_secret_access_key")
        }
        return S3Credentials(accessKey: key, secretKey: secret, sessionToken: section["aws_session_token"])
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` in
    /// `AWS_CONFIG_FILE` or `~/.aws/config`, else `us-east-1`.
    public static func region(environment env: [String: String]) -> String {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] { if let r = env[name], !r.isEmpty { return r } }
        let file = env["AWS_CONFIG_FILE"] ?? home(env) + "/.aws/config"
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let profile = profile(env)
            let sections = IniFile.parse(text)
            if let r = (sections[profile == "default" ? "default" : "profile " + profile] ?? sections[profile])?["region"] { return r }
        }
        return "us-east-1"
    }

    static func home(_ env: [String: String]) -> String { env["HOME"] ?? NSHomeDirectory() }
}

/// The INI dialect of AWS's shared files: `[section]`, `key = value`, `#` and `;` comments.
enum IniFile {
    static func parse(_ text: String) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        var section: String? = nil
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let s = section, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            out[s, default: [:]][key] = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }
}
