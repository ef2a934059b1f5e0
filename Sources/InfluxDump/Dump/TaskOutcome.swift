/// What one finished query produced; journaled so a resumed dump knows it.
public struct TaskOutcome: Sendable, Codable, Equatable {
    public var segments: [Manifest.Segment]
    /// Data not saved exactly: reason → points.
    public var findings: [String: Int64]
    public var pointsWithoutFields: Int64
    /// The window's distinct series (hashes of series keys). Not journaled: a resumed dump does
    /// not know the series of the queries saved before it, and records no series counts.
    public var seriesHashes: Set<UInt64> = []
    /// The window had more series than the encoder counts (`LineProtocolEncoder.seriesLimit`).
    public var seriesOverflow = false

    private enum CodingKeys: String, CodingKey { case segments, findings, pointsWithoutFields }

    public init(segments: [Manifest.Segment], findings: [String: Int64] = [:], pointsWithoutFields: Int64 = 0,
                seriesHashes: Set<UInt64> = [], seriesOverflow: Bool = false) {
        self.segments = segments
        self.findings = findings
        self.pointsWithoutFields = pointsWithoutFields
        self.seriesHashes = seriesHashes
        self.seriesOverflow = seriesOverflow
    }
}
