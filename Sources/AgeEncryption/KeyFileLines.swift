import Foundation

/// The lines of an age key file that hold keys: `#` comments and blank lines are skipped, spaces
/// and a Windows CR around a key are trimmed. Shared by identity and recipient files.
enum KeyFileLines {
    /// Key lines with their 1-based line numbers.
    static func keys(in text: String) -> [(line: Int, text: String)] {
        var out: [(line: Int, text: String)] = []
        // Bytes, not Characters: Swift reads "\r\n" as one Character, which a "\n" split misses.
        let lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let line = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            out.append((index + 1, line))
        }
        return out
    }

    /// The file's text, or why it cannot be read; refuses files over `limit` bytes (a key file is small).
    static func read(_ path: String, limit: Int = 1 << 20) throws(AgeError) -> (text: String, mode: mode_t) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .keyFileUnreadable(path: path, message: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .keyFileUnreadable(path: path, message: "not a regular file") }
        guard info.st_size <= limit else { throw .keyFileUnreadable(path: path, message: "larger than \(limit) bytes") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .keyFileUnreadable(path: path, message: "permission denied or unreadable")
        }
        return (String(decoding: data, as: UTF8.self), info.st_mode)
    }
}
