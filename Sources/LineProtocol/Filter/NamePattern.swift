import Foundation

/// A name or, written `/…/`, a regular expression (NSRegularExpression syntax, unanchored like
/// InfluxQL's `=~`: use `^…$` to match whole names).
public struct NamePattern: Sendable, CustomStringConvertible {
    public let text: String
    private let regex: NSRegularExpressionBox?

    public init(_ text: String) throws {
        self.text = text
        if text.count >= 2, text.hasPrefix("/"), text.hasSuffix("/") {
            let body = String(text.dropFirst().dropLast())
            do { regex = NSRegularExpressionBox(try NSRegularExpression(pattern: body)) } catch {
                throw PatternError(pattern: text)
            }
        } else {
            regex = nil
        }
    }

    public struct PatternError: Error, CustomStringConvertible {
        public var pattern: String
        public var description: String { "invalid regular expression \(pattern)" }
    }

    public func matches(_ name: String) -> Bool {
        guard let regex else { return name == text }
        return regex.value.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }

    /// Written `/…/`: matches by regular expression rather than by whole name.
    public var isRegex: Bool { regex != nil }

    public var description: String { text }
}

/// NSRegularExpression is immutable and documented thread-safe for matching.
struct NSRegularExpressionBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}
