import ArchiveFormat

/// What one finished query produced: what the archive saved (journaled, `SavedQuery`) and the
/// window's series, which only this run counts.
public struct TaskOutcome: Sendable, Equatable {
    public var saved: SavedQuery
    /// The window's distinct series (hashes of series keys). Not journaled: a resumed dump does
    /// not know the series of the queries saved before it, and records no series counts.
    public var seriesHashes: Set<UInt64> = []
    /// The window had more series than the encoder counts (`LineProtocolEncoder.seriesLimit`).
    public var seriesOverflow = false

    public var segments: [Manifest.Segment] { saved.segments }
    public var findings: [String: Int64] { saved.findings }
    public var pointsWithoutFields: Int64 { saved.pointsWithoutFields }

    public init(
        segments: [Manifest.Segment], findings: [String: Int64] = [:], pointsWithoutFields: Int64 = 0,
        seriesHashes: Set<UInt64> = [], seriesOverflow: Bool = false
    ) {
        self.init(
            saved: SavedQuery(segments: segments, findings: findings, pointsWithoutFields: pointsWithoutFields),
            seriesHashes: seriesHashes, seriesOverflow: seriesOverflow)
    }

    public init(saved: SavedQuery, seriesHashes: Set<UInt64> = [], seriesOverflow: Bool = false) {
        self.saved = saved
        self.seriesHashes = seriesHashes
        self.seriesOverflow = seriesOverflow
    }
}
