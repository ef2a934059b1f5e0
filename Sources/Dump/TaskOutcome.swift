import ArchiveFormat
import Support

/// What one finished query produced: what the archive saved (journaled, `SavedQuery`) and the
/// window's series, which only this run counts.
public struct TaskOutcome: Sendable, Equatable {
    public var saved: SavedQuery
    /// The window's distinct series. Not journaled: a resumed dump does not know the series of
    /// the queries saved before it, and records no series counts.
    public var series = SeriesSketch()

    public var segments: [Manifest.Segment] { saved.segments }
    public var findings: [String: Int64] { saved.findings }
    public var pointsWithoutFields: Int64 { saved.pointsWithoutFields }

    public init(
        segments: [Manifest.Segment], findings: [String: Int64] = [:], pointsWithoutFields: Int64 = 0,
        series: SeriesSketch = SeriesSketch()
    ) {
        self.init(
            saved: SavedQuery(segments: segments, findings: findings, pointsWithoutFields: pointsWithoutFields), series: series)
    }

    public init(saved: SavedQuery, series: SeriesSketch = SeriesSketch()) {
        self.saved = saved
        self.series = series
    }
}
