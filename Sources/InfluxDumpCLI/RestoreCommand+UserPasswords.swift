import Foundation
import InfluxDump

extension RestoreCommand {
    /// `USER=env:VAR` / `USER=file:PATH` → user → password. Messages name the source, never the value.
    static func userPasswords(_ given: [String], withUsers: Bool, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> [String: String]
    {
        guard !given.isEmpty else { return [:] }
        guard withUsers else { throw UsageError("--user-password needs --with-users") }
        var out: [String: String] = [:]
        for spec in given {
            let env = spec.range(of: "=env:"), file = spec.range(of: "=file:")
            guard let split = [env, file].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }), split.lowerBound > spec.startIndex,
                split.upperBound < spec.endIndex
            else {
                throw UsageError("--user-password \"\(spec)\": expected USER=env:VAR or USER=file:PATH")
            }
            let user = String(spec[..<split.lowerBound]), source = String(spec[split.upperBound...])
            let password: String
            if split == env {
                guard let value = environment[source] else {
                    throw UsageError("--user-password \(user): environment variable \(source) is not set")
                }
                password = value
            } else {
                password = try ConnectionOptions.readPassword(source, subject: "--user-password \(user)=file:\(source)")
            }
            guard !password.isEmpty else { throw UsageError("--user-password \(user): the password is empty") }
            guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw UsageError(
                    "--user-password \(user): the password holds a control character (such as a line feed), which InfluxQL cannot carry")
            }
            guard out[user] == nil else { throw UsageError("--user-password \(user) is given twice") }
            out[user] = password
        }
        return out
    }
}
