import Foundation

/// A password kept in a file (`--password-file`, a job's `password_file`): its first line, without
/// a trailing CR (files written on Windows). One reader for the CLI and the jobs.
public enum PasswordFile {
    public struct Contents: Sendable {
        public var password: String
        /// The file can be read by group or others: the caller warns (`chmod 600` it).
        public var readableByOthers: Bool
    }

    /// nil when the file cannot be read; the caller names it in its own error.
    public static func read(_ path: String) -> Contents? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var open = false
        if let attrs = try? FileManager.default.attributesOfItem(atPath: path), let mode = attrs[.posixPermissions] as? Int {
            open = mode & 0o044 != 0
        }
        // Bytes, not Characters: Swift reads "\r\n" as one Character, which no "\n" split finds.
        var line = data.prefix { $0 != 0x0A }
        if line.last == 0x0D { line = line.dropLast() }
        return Contents(password: String(decoding: line, as: UTF8.self), readableByOthers: open)
    }
}
