import Foundation
import Support

/// Connects a dump to a restore in one process: the dump's segments go straight to the
/// restore's workers through a queue of at most `capacity` segments (each at most one segment
/// size, compressed), so memory stays bounded and nothing touches the disk.
public final class LiveCopyChannel: ArchiveSink, SegmentSource, @unchecked Sendable {
    private let condition = NSCondition()
    private var headerValue: Manifest? = nil
    private var queue: [(Manifest.Segment, [UInt8])] = []
    private var final: Manifest? = nil
    private var failure: Error? = nil
    private let capacity: Int

    public init(capacity: Int = 4) { self.capacity = max(1, capacity) }

    // MARK: dump side

    public func begin<Task: Encodable & Sendable>(header: Manifest, tasks: [Task]) throws {
        condition.lock(); defer { condition.unlock() }
        headerValue = header
        condition.broadcast()
    }

    public var publishesEagerly: Bool { true }

    public func openSegment(path: String) throws -> ByteSink { MemorySink() }

    public func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws {
        guard let memory = sink as? MemorySink else {
            throw ArchiveError.segment(path: record.path, problem: "internal: live copy got a segment it did not open")
        }
        condition.lock(); defer { condition.unlock() }
        while queue.count >= capacity && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append((record, memory.bytes))
        condition.broadcast()
    }

    public func discardSegment(path: String, sink: ByteSink) {}

    public func finish(manifest: Manifest) throws {
        condition.lock(); defer { condition.unlock() }
        final = manifest
        condition.broadcast()
    }

    /// Either side failed: wake everyone and make both sides stop.
    public func fail(_ error: Error) {
        condition.lock(); defer { condition.unlock() }
        if failure == nil { failure = error }
        condition.broadcast()
    }

    // MARK: restore side

    /// Blocks until the dump announced its schema.
    public var header: Manifest {
        condition.lock(); defer { condition.unlock() }
        while headerValue == nil && failure == nil { condition.wait() }
        return headerValue
            ?? Manifest(
                complete: false, tool: .init(name: "", version: ""), server: .init(url: "", version: ""), createdAt: "",
                parameters: .init(
                    databases: [], retentionPolicies: [], measurements: [], compressionLevel: 0, segmentSize: 0, segmentPoints: 0),
                databases: [], segments: [], findings: [], job: nil, parent: nil, watermarks: nil, pointsWithoutFields: nil)
    }

    public var failed: Error? {
        condition.lock(); defer { condition.unlock() }
        return failure
    }

    public func nextSegment() throws -> LoadedSegment? {
        condition.lock(); defer { condition.unlock() }
        while queue.isEmpty && final == nil && failure == nil { condition.wait() }
        if let failure { throw failure }
        guard !queue.isEmpty else { return nil }
        let (record, bytes) = queue.removeFirst()
        condition.broadcast()
        guard HashingSink.hash(bytes) == record.sha256 else {
            throw ArchiveError.segment(path: record.path, problem: "sha256 mismatch in memory")
        }
        return LoadedSegment(record: record) { sink in
            try bytes.withUnsafeBytes { try sink.write($0) }
            try sink.finish()
        }
    }

    public func finish() throws -> Manifest {
        condition.lock(); defer { condition.unlock() }
        if let failure { throw failure }
        guard let final, final.complete else { throw ArchiveError.stream(offset: 0, problem: "the dump did not finish") }
        return final
    }
}
