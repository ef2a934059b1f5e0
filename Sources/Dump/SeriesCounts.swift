import ArchiveFormat
import LineProtocol
import Schema

/// Distinct series per measurement, exact within a budget of `LineProtocolEncoder.seriesLimit`
/// hashes for the whole dump (8 bytes each); a measurement that would pass it is not counted
/// (nil), so memory stays bounded whatever the cardinality.
struct SeriesCounts: Sendable {
    /// nil: over the budget, not counted.
    var sets: [MeasurementKey: Set<UInt64>?] = [:]
    /// Hashes held, over every measurement.
    var held = 0

    /// Adds the series of one finished window of `key`.
    mutating func count(_ r: TaskOutcome, key: MeasurementKey) {
        let existing = sets[key]
        if case .some(.none) = existing { return }  // already over the budget: not counted
        var set = existing.flatMap { $0 } ?? []
        if r.seriesOverflow {
            held -= set.count
            sets[key] = .some(nil)
            return
        }
        let before = set.count
        set.formUnion(r.seriesHashes)
        held += set.count - before
        if held > LineProtocolEncoder.seriesLimit {
            held -= set.count
            sets[key] = .some(nil)
        } else {
            sets[key] = .some(set)
        }
    }

    /// Sets each measurement's `series` in `manifest`: 0 when no window of it had a point, absent
    /// when it was not counted (over the memory budget).
    func record(in manifest: inout Manifest) {
        for d in manifest.databases.indices {
            for r in manifest.databases[d].retentionPolicies.indices {
                let rp = manifest.databases[d].retentionPolicies[r]
                for m in rp.measurements.indices {
                    let key = MeasurementKey(
                        database: manifest.databases[d].name, retentionPolicy: rp.name, measurement: rp.measurements[m].name)
                    let n: Int64?
                    switch sets[key] {
                    case .none: n = 0  // no point: no series
                    case .some(.none): n = nil  // not counted
                    case .some(.some(let set)): n = Int64(set.count)
                    }
                    manifest.databases[d].retentionPolicies[r].measurements[m].series = n
                }
            }
        }
    }
}
