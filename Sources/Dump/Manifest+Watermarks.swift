import ArchiveFormat
import Schema

extension Manifest {
    /// The manifest's watermarks by measurement (empty without any).
    public var watermarksByMeasurement: [MeasurementKey: Int64] {
        var marks: [MeasurementKey: Int64] = [:]
        for w in watermarks ?? [] {
            marks[MeasurementKey(database: w.database, retentionPolicy: w.retentionPolicy, measurement: w.measurement)] = w.time
        }
        return marks
    }

    /// `marks` as the manifest lists them, sorted by measurement.
    static func watermarkList(_ marks: [MeasurementKey: Int64]) -> [Manifest.Watermark] {
        marks.keys.sorted().map {
            .init(database: $0.database, retentionPolicy: $0.retentionPolicy, measurement: $0.measurement, time: marks[$0] ?? 0)
        }
    }
}
