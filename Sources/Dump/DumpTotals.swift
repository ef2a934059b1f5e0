import ArchiveFormat
import Schema

/// Every query's outcome folded together, in plan order: the segments, the findings summed by
/// sentence, the points the field filter left without a field, and each measurement's watermark
/// (its newest saved point, else the one it inherited).
struct DumpTotals: Equatable {
    var segments: [Manifest.Segment] = []
    var findings = DumpFindings()
    var pointsWithoutFields: Int64 = 0
    var watermarks: [MeasurementKey: Int64]

    /// Throws when a query of `tasks` has no outcome (a dump must not publish without it).
    init(tasks: [DumpTask], outcomes: [Int: TaskOutcome], inheritedWatermarks: [MeasurementKey: Int64]) throws {
        watermarks = inheritedWatermarks
        for i in tasks.indices {
            guard let r = outcomes[i] else { throw DumpError.failed(task: tasks[i].label, underlying: "no result recorded") }
            segments += r.segments
            findings.add(r.findings)
            pointsWithoutFields += r.pointsWithoutFields
            for s in r.segments {
                let key = MeasurementKey(database: s.database, retentionPolicy: s.retentionPolicy, measurement: s.measurement)
                watermarks[key] = max(watermarks[key] ?? .min, s.maxTime)
            }
        }
    }

    /// Writes the totals into `manifest`; the watermarks only when `recordsWatermarks` (a job's
    /// dump: its next incremental run starts from them).
    func apply(to manifest: inout Manifest, recordsWatermarks: Bool) {
        manifest.segments += segments
        if recordsWatermarks { manifest.watermarks = Manifest.watermarkList(watermarks) }
        if pointsWithoutFields > 0 { manifest.pointsWithoutFields = pointsWithoutFields }
        manifest.findings = (manifest.findings + findings.manifestLines).sorted()
    }
}
