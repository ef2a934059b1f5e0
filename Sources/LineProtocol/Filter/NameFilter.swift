/// Include/exclude lists of names or `/regex/`: a name passes when it matches an include (or
/// there are none) and matches no exclude.
public struct NameFilter: Sendable {
    public var include: [NamePattern] = []
    public var exclude: [NamePattern] = []

    public init(include: [NamePattern] = [], exclude: [NamePattern] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Include-only filter from names or `/regex/` texts (flags, job files).
    public init(including texts: [String]) throws {
        include = try texts.map { try NamePattern($0) }
    }

    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty }

    public func accepts(_ name: String) -> Bool {
        if !include.isEmpty && !include.contains(where: { $0.matches(name) }) { return false }
        return !exclude.contains { $0.matches(name) }
    }
}
