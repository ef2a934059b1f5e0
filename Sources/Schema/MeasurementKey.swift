/// Names one measurement of one retention policy of one database.
public struct MeasurementKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var database: String
    public var retentionPolicy: String
    public var measurement: String

    public init(database: String, retentionPolicy: String, measurement: String) {
        self.database = database
        self.retentionPolicy = retentionPolicy
        self.measurement = measurement
    }

    public static func < (a: MeasurementKey, b: MeasurementKey) -> Bool {
        (a.database, a.retentionPolicy, a.measurement) < (b.database, b.retentionPolicy, b.measurement)
    }

    public var description: String { "\(database)/\(retentionPolicy)/\(measurement)" }
}
