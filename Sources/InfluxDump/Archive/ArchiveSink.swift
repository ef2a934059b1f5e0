/// Where a dump puts its segments and manifest: a directory, or a framed stream on stdout.
/// Called from several worker threads; implementations serialise what must be serialised.
public protocol ArchiveSink: AnyObject, Sendable {
    /// Announces the schema before any segment (the stream's header record).
    func begin(header: Manifest) throws
    /// A place to write one segment's compressed bytes.
    func openSegment(path: String) throws -> ByteSink
    /// The segment is finished and its record complete: publish it.
    func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws
    /// Throw the segment away (its query failed and will be retried).
    func discardSegment(path: String, sink: ByteSink)
    /// Everything is saved: publish the manifest (last).
    func finish(manifest: Manifest) throws
}
