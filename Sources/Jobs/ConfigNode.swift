import Foundation
import LineProtocol
import Support
import Yams

/// A YAML node with its key path and file, so every conversion error says where it is.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String
    /// Where to point when the node has no mark of its own.
    let fallback: Mark?

    var mark: Mark? { node.mark ?? fallback }

    func error(_ message: String, key: String? = nil) -> JobConfigError {
        JobConfigError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, key: key ?? path, message: message)
    }

    func child(_ key: String, _ node: Node) -> ConfigNode {
        ConfigNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file, fallback: node.mark ?? mark)
    }

    /// The node as a mapping whose keys must all be in `allowed`; an unknown key is an error
    /// that suggests the nearest allowed one.
    func mapping(allowed: [String]) throws(JobConfigError) -> [String: ConfigNode] {
        guard case .mapping(let m) = node else { throw error("expected a mapping (key: value lines), got \(kind)") }
        var out: [String: ConfigNode] = [:]
        for (k, v) in m {
            guard case .scalar(let s) = k else {
                throw ConfigNode(node: k, path: path, file: file, fallback: mark).error("keys must be plain names")
            }
            let key = s.string
            let keyNode = ConfigNode(node: k, path: path.isEmpty ? key : "\(path).\(key)", file: file, fallback: mark)
            guard allowed.contains(key) else {
                let hint =
                    Self.nearest(key, in: allowed).map { "; did you mean \"\($0)\"?" }
                    ?? "; expected one of \(allowed.joined(separator: ", "))"
                throw keyNode.error("unknown key" + hint)
            }
            guard out[key] == nil else { throw keyNode.error("key given twice") }
            out[key] = child(key, v)
        }
        return out
    }

    var kind: String {
        switch node {
        case .scalar(let s): return "\"\(s.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func string() throws(JobConfigError) -> String {
        guard case .scalar(let s) = node else { throw error("expected a string, got \(kind)") }
        return s.string
    }

    func nonEmptyString() throws(JobConfigError) -> String {
        let s = try string()
        guard !s.isEmpty else { throw error("must not be empty") }
        return s
    }

    func int(_ range: ClosedRange<Int>? = nil) throws(JobConfigError) -> Int {
        guard case .scalar(let s) = node, let v = Int(s.string) else { throw error("expected an integer, got \(kind)") }
        if let range, !range.contains(v) { throw error("expected \(range.lowerBound) to \(range.upperBound), got \(v)") }
        return v
    }

    func bool() throws(JobConfigError) -> Bool {
        guard case .scalar(let s) = node else { throw error("expected true or false, got \(kind)") }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, got \(kind)")
        }
    }

    /// `30s`, `6h`, `7d`, `1h30m`.
    func duration() throws(JobConfigError) -> Int64 {
        let s = try string()
        guard let ns = GoDuration.parse(s), ns > 0 else { throw error("expected a duration such as 30s, 6h or 7d, got \"\(s)\"") }
        return ns
    }

    /// A duration, or a plain integer meaning seconds (`timeout: 30`).
    func durationOrSeconds() throws(JobConfigError) -> Int64 {
        if case .scalar(let s) = node, let seconds = Int64(s.string), seconds > 0 { return seconds * 1_000_000_000 }
        return try duration()
    }

    func timestamp() throws(JobConfigError) -> Int64 {
        let s = try string()
        guard let t = Timestamp.parse(s) else {
            throw error("expected an RFC3339 time (2026-11-21T00:00:00Z) or integer nanoseconds, got \"\(s)\"")
        }
        return t
    }

    func list() throws(JobConfigError) -> [ConfigNode] {
        guard case .sequence(let seq) = node else { throw error("expected a list, got \(kind)") }
        return seq.enumerated().map { i, n in ConfigNode(node: n, path: "\(path)[\(i)]", file: file, fallback: n.mark ?? mark) }
    }

    /// A list of names or `/regex/`.
    func patterns() throws(JobConfigError) -> [NamePattern] {
        var out: [NamePattern] = []
        for item in try list() {
            let text = try item.nonEmptyString()
            do { out.append(try NamePattern(text)) } catch { throw item.error("invalid regular expression \(text)") }
        }
        return out
    }

    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, levenshtein(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let best = scored, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where j <= b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
