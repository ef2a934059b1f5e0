import ArgumentParser
import InfluxDump

/// What part of the data to take: retention policies, measurements and a time range.
struct FilterOptions: ParsableArguments {
    @Option(
        name: .customLong("retention"),
        help: ArgumentHelp("Only this retention policy: a name or /regex/ (repeatable; default all).", valueName: "rp"))
    var retentionPolicies: [String] = []

    @Option(
        name: [.customShort("m"), .customLong("measurement")],
        help: ArgumentHelp(
            "Only this measurement: a name or /regex/, unanchored like InfluxQL's =~ (repeatable; default all).", valueName: "name"))
    var measurements: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Points at or after this time: RFC3339 (2026-11-21T00:00:00Z), a date (2026-11-21: midnight UTC) or integer nanoseconds.",
            valueName: "time"))
    var start: String?

    @Option(
        name: .long, help: ArgumentHelp("Points before this time (exclusive): RFC3339, a date or integer nanoseconds.", valueName: "time"))
    var end: String?

    /// The RP filter; throws a usage error for an invalid regular expression.
    func retentionFilter() throws -> NameFilter { try Self.patterns("--retention", retentionPolicies) }

    /// The measurement filter; throws a usage error for an invalid regular expression.
    func measurementFilter() throws -> NameFilter { try Self.patterns("--measurement", measurements) }

    /// Names or `/regex/` given to `flag`, as an include filter.
    static func patterns(_ flag: String, _ texts: [String]) throws -> NameFilter {
        do { return try NameFilter(including: texts) } catch let e as NamePattern.PatternError {
            throw UsageError("\(flag) \"\(e.pattern)\": invalid regular expression")
        }
    }

    /// Parsed (start, end); throws a usage error naming the flag.
    func timeRange() throws -> (Int64?, Int64?) {
        func parse(_ flag: String, _ text: String?) throws -> Int64? {
            guard let text else { return nil }
            guard let t = Timestamp.parse(text) else {
                throw UsageError(
                    "\(flag) \"\(text)\": expected an RFC3339 time (2026-11-21T00:00:00Z), a date (2026-11-21) or integer nanoseconds")
            }
            return t
        }
        let s = try parse("--start", start)
        let e = try parse("--end", end)
        if let s, let e, s >= e { throw UsageError("--start \(start!) is not before --end \(end!)") }
        return (s, e)
    }
}
