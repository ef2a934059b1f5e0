import ArchiveFormat
import Foundation
import InfluxAPI
import LineProtocol

/// What must be the same for a new run to continue an interrupted dump instead of starting
/// over: everything that decides which points the dump takes (source, databases, filters,
/// window, the chain it continues and where its incremental windows start). Settings that only
/// shape the files (compression, segment size, parallelism) are left out: a resumed dump uses
/// the interrupted one's. Recorded in the dump journal as canonical JSON (`text`).
public struct ResumeKey: Codable, Equatable, Sendable {
    var source: String
    /// The user the dump reads as (its privileges decide what it sees); not a secret.
    var username: String?
    var job: String?
    var databases: [String]
    var retentionPolicies: [String]
    var measurements: [String]
    /// `+name` included, `-name` excluded, in order.
    var measurementFilter: [String]
    var fieldFilter: [String]
    var fieldTypes: [String]
    var start: Int64?
    var end: Int64?
    var chunk: Int64?
    var obsoleteAfter: Int64?
    var destinations: [String: String]
    var parent: Manifest.Parent?
    var inheritedWatermarks: [String: Int64]
    /// How a measurement's first window starts when `options.startOf` is set (a closure, so the
    /// caller describes it: a job's lookback and fallback).
    var startRule: String?

    /// The key of a dump with `options`; `startRule` describes `options.startOf`.
    public init(options o: DumpOptions, startRule: String?) {
        source = ClientConfiguration.redacted(o.source.baseURL)
        username = o.source.username
        job = o.job
        databases = o.databases
        retentionPolicies = o.retentionPolicies
        measurements = o.measurements
        measurementFilter = Self.texts(o.measurementFilter)
        fieldFilter = Self.texts(o.fieldFilter.names)
        fieldTypes = o.fieldFilter.types.map(\.rawValue).sorted()
        start = o.start
        end = o.end
        chunk = o.chunk
        obsoleteAfter = o.obsoleteAfter
        destinations = o.destinations
        parent = o.parent
        inheritedWatermarks = Dictionary(o.inheritedWatermarks.map { ("\($0.key)", $0.value) }, uniquingKeysWith: { a, _ in a })
        self.startRule = o.startOf == nil ? nil : (startRule ?? "unknown")
    }

    static func texts(_ filter: NameFilter) -> [String] {
        filter.include.map { "+" + $0.text } + filter.exclude.map { "-" + $0.text }
    }

    /// Canonical JSON (sorted keys): equal keys give equal texts.
    public var text: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
