import ArchiveFormat
import LineProtocol

/// Which fields `verify --against` compares in a window: every field with a value on either side,
/// less those the dump left out on purpose — by its field filter (names, and types where the
/// type is known) and as obsolete fields of that window.
struct FieldScope {
    private let names: NameFilter
    private let types: Set<FieldType>
    /// database → RP → measurement → field → types, as SHOW FIELD KEYS listed them.
    private let schema: [String: [String: [String: [String: [FieldType]]]]]

    init(_ manifest: Manifest) throws {
        let filter = manifest.parameters.fieldFilter ?? .init()
        names = NameFilter(include: try filter.include.map(NamePattern.init), exclude: try filter.exclude.map(NamePattern.init))
        types = Set(filter.types)
        var schema: [String: [String: [String: [String: [FieldType]]]]] = [:]
        for db in manifest.databases {
            for rp in db.retentionPolicies {
                for m in rp.measurements { schema[db.name, default: [:]][rp.name, default: [:]][m.name] = m.fields }
            }
        }
        self.schema = schema
    }

    func compared(in w: Manifest.Window, archive: [String: Int64], server: [String: Int64]) -> [String] {
        let excluded = Set(w.excludedFields ?? [])
        let candidates = Set(archive.keys).union(server.filter { $0.value > 0 }.keys)
        return candidates.filter { f in
            if archive[f] != nil { return true }  // saved: always compared
            guard !excluded.contains(f), names.accepts(f) else { return false }
            guard !types.isEmpty else { return true }
            // Not saved: compared when every type the field ever had is one the filter keeps.
            let known = schema[w.database]?[w.retentionPolicy]?[w.measurement]?[f] ?? []
            return !known.isEmpty && known.allSatisfy(types.contains)
        }.sorted()
    }
}
