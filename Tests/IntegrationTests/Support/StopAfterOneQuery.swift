import Foundation
import InfluxDump

/// A directory archive that stops the dump after its first saved query, as a kill would.
final class StopAfterOneQuery: ArchiveSink, @unchecked Sendable {
    let inner: DirectoryArchiveWriter
    private var saved = 0
    init(_ inner: DirectoryArchiveWriter) { self.inner = inner }

    func begin<Task: Encodable & Sendable>(header: Manifest, tasks: [Task]) throws { try inner.begin(header: header, tasks: tasks) }
    func queryCompleted(_ index: Int, saved record: SavedQuery) throws {
        try inner.queryCompleted(index, saved: record)
        saved += 1
        throw CancelledError()
    }
    func openSegment(path: String) throws -> ByteSink { try inner.openSegment(path: path) }
    func sealSegment(_ record: Manifest.Segment, sink: ByteSink) throws { try inner.sealSegment(record, sink: sink) }
    func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws { try inner.commitSegment(record, sink: sink) }
    func discardSegment(path: String, sink: ByteSink) { inner.discardSegment(path: path, sink: sink) }
    func finish(manifest: Manifest) throws { try inner.finish(manifest: manifest) }
}
