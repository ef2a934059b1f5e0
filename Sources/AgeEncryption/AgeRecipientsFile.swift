/// A recipients file as `age -R` reads it: `#` comments, blank lines and one `age1…` per line.
public enum AgeRecipientsFile {
    /// Reads and parses the recipients file at `path`. Errors name the file and line.
    public static func load(_ path: String) throws(AgeError) -> [AgeRecipient] {
        try parse(KeyFileLines.read(path).text, path: path)
    }

    /// Parses a recipients file's text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(AgeError) -> [AgeRecipient] {
        var recipients: [AgeRecipient] = []
        for (line, key) in KeyFileLines.keys(in: text) {
            do {
                recipients.append(try AgeRecipient(parsing: key, source: path))
            } catch {
                throw .keyFileLine(path: path, line: line, problem: problem(of: key, error))
            }
        }
        if recipients.isEmpty { throw .keyFileEmpty(path: path, expected: "age recipients (age1…)") }
        return recipients
    }

    /// What is wrong with a line, in words that never repeat it (it may be a pasted secret key).
    private static func problem(of key: String, _ error: AgeError) -> String {
        if key.uppercased().hasPrefix("AGE-SECRET-KEY-") {
            return "a secret key (identity) where a recipient (age1…) was expected; give its public key"
        }
        if key.hasPrefix("ssh-") { return "ssh recipients are not supported; give an age1… recipient" }
        if case let .malformedKey(_, problem) = error { return problem }
        return "not an age recipient (expected age1…)"
    }
}
