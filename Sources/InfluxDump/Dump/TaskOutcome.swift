/// What one finished query produced; journaled so a resumed dump knows it.
public struct TaskOutcome: Sendable, Codable, Equatable {
    public var segments: [Manifest.Segment]
    /// Data not saved exactly: reason → points.
    public var findings: [String: Int64]
    public var pointsWithoutFields: Int64

    public init(segments: [Manifest.Segment], findings: [String: Int64] = [:], pointsWithoutFields: Int64 = 0) {
        self.segments = segments
        self.findings = findings
        self.pointsWithoutFields = pointsWithoutFields
    }
}
