import ArchiveFormat
import InfluxAPI
import Verify

/// After a live copy: per query window, compares the values per field between source and
/// destination, both counted like `verify --against` counts the source (the first shard group
/// included, each window cut at the time the dump started), and names each window that differs.
struct CountValidator {
    let source: InfluxClient
    let destination: InfluxClient
    let map: [String: String]

    func compare(_ manifest: Manifest) throws -> [String] {
        let from = SourceComparer(client: source), to = SourceComparer(client: destination)
        let cut = SourceComparer.cut(of: manifest)
        let onlySaved = manifest.parameters.fieldsLeftOut == true
        var saved: [Manifest.Window: Set<String>] = [:]
        for s in manifest.segments { saved[s.window, default: []].formUnion(s.fields.keys) }
        var mismatches: [String] = []
        for w in SourceComparer.windows(of: manifest) where w.start < min(w.end, cut) {
            var target = w
            target.database = map[w.database] ?? w.database
            let end = min(w.end, cut)
            let a = try from.serverCounts(w, end: end), b = try to.serverCounts(target, end: end)
            // Fields left out on purpose are compared only where the copy holds them.
            let counted: Set<String> = Set(a.filter { $0.value > 0 }.keys).union(b.filter { $0.value > 0 }.keys)
            let fields: Set<String> = onlySaved ? saved[w.key] ?? [] : counted
            func text(_ c: [String: Int64]) -> String { fields.sorted().map { "\($0)=\(c[$0, default: 0])" }.joined(separator: " ") }
            if fields.contains(where: { a[$0, default: 0] != b[$0, default: 0] }) {
                var shown = w
                shown.end = end
                mismatches.append("\(shown.label): source counts \(text(a)), destination \(text(b))")
            }
        }
        return mismatches
    }
}
