import Foundation

/// What one finished query of a dump left in the archive, as its journal records it: the
/// segments it published, the data it could not save exactly, and the points left out on purpose.
public struct SavedQuery: Sendable, Codable, Equatable {
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
