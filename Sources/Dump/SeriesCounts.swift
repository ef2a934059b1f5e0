import ArchiveFormat
import LineProtocol
import Schema
import Support

/// Distinct series per measurement in bounded memory: each measurement's `SeriesSketch` is exact
/// while the hashes held over the whole dump stay within `budget` (8 bytes each, about 4 MiB of
/// sets), and a measurement that would pass it becomes a 4 KiB HyperLogLog estimate.
struct SeriesCounts: Sendable {
    static let budget = 262_144
    var sketches: [MeasurementKey: SeriesSketch] = [:]
    /// Hashes held exactly, over every measurement.
    var held = 0
    let budget: Int

    init(budget: Int = SeriesCounts.budget) { self.budget = budget }

    /// Adds the series of one finished window of `key`.
    mutating func count(_ r: TaskOutcome, key: MeasurementKey) {
        var sketch = sketches[key] ?? SeriesSketch()
        let before = sketch.held
        sketch.merge(r.series)
        if held - before + sketch.held > budget { sketch.toRegisters() }
        held += sketch.held - before
        sketches[key] = sketch
    }

    /// Sets each measurement's `series` in `manifest`: 0 when no window of it had a point, and
    /// `seriesEstimated` when the count is an estimate.
    func record(in manifest: inout Manifest) {
        for d in manifest.databases.indices {
            for r in manifest.databases[d].retentionPolicies.indices {
                let rp = manifest.databases[d].retentionPolicies[r]
                for m in rp.measurements.indices {
                    let key = MeasurementKey(
                        database: manifest.databases[d].name, retentionPolicy: rp.name, measurement: rp.measurements[m].name)
                    let sketch = sketches[key]
                    manifest.databases[d].retentionPolicies[r].measurements[m].series = sketch?.count ?? 0
                    manifest.databases[d].retentionPolicies[r].measurements[m].seriesEstimated =
                        sketch?.isEstimate == true ? true : nil
                }
            }
        }
    }
}
