import Support

/// A segment ready to be read back: its record and a way to stream its compressed bytes.
public struct LoadedSegment: Sendable {
    public var record: Manifest.Segment
    /// Feeds the segment's compressed bytes to `sink`. The checksum was checked before this
    /// (stream) or is checked first by this call (directory), so no byte of a damaged
    /// segment reaches `sink`.
    public var read: @Sendable (ByteSink) throws -> Void
}

/// Where restore reads an archive from: a directory or a framed stream. Thread-safe.
public protocol SegmentSource: AnyObject, Sendable {
    /// The schema and parameters, known before any segment.
    var header: Manifest { get }
    /// The next segment, or nil after the last one.
    func nextSegment() throws -> LoadedSegment?
    /// After the last segment: the complete manifest, checked against what was read.
    func finish() throws -> Manifest
}
