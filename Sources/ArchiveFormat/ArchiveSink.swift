import Foundation
import Support

/// Where a dump puts its segments and manifest: a directory, or a framed stream on stdout.
/// Called from several worker threads; implementations serialise what must be serialised.
public protocol ArchiveSink: AnyObject, Sendable {
    /// Announces the schema and the plan before any segment (the stream's header record; the
    /// directory's journal).
    /// `tasks`: the dump's plan, one entry per query, journaled as JSON for a resume (the
    /// archive does not look inside them).
    func begin<Task: Encodable & Sendable>(header: Manifest, tasks: [Task]) throws
    /// Query `index` of the plan finished and all its segments are published (the directory
    /// journals it).
    func queryCompleted(_ index: Int, saved: SavedQuery) throws
    /// A dump being resumed: the plan and the queries already saved (directories only).
    /// A place to write one segment's compressed bytes.
    func openSegment(path: String) throws -> ByteSink
    /// The segment is finished (its file complete) but not yet published: check it now, so its
    /// buffers can go before the rest of its query is done.
    func sealSegment(_ record: Manifest.Segment, sink: ByteSink) throws
    /// The segment is finished and its record complete: publish it.
    func commitSegment(_ record: Manifest.Segment, sink: ByteSink) throws
    /// Throw the segment away (its query failed and will be retried).
    func discardSegment(path: String, sink: ByteSink)
    /// Everything is saved: publish the manifest (last).
    func finish(manifest: Manifest) throws
    var resumeState: ResumeState? { get }
    /// True when segments must be published as soon as they are full (streams, live copies: they
    /// hold segments in memory); false when they wait, checked, until their query succeeded.
    var publishesEagerly: Bool { get }
    /// The recipients segments are encrypted to (none: plain archives).
    var keys: ArchiveKeys { get }
}

extension ArchiveSink {
    public func queryCompleted(_ index: Int, saved: SavedQuery) throws {}
    public func sealSegment(_ record: Manifest.Segment, sink: ByteSink) throws {}
    public var resumeState: ResumeState? { nil }
    public var publishesEagerly: Bool { false }
    public var keys: ArchiveKeys { .none }
}

/// What an interrupted dump left: its header and plan, and the queries whose segments were all
/// published and still check out.
public struct ResumeState: Sendable {
    public var header: Manifest
    public var completed: [Int: SavedQuery]
    /// The journal's plan line, whose `tasks` only the dump can read (`tasks(as:)`).
    let planLine: Data

    package init(header: Manifest, completed: [Int: SavedQuery], planLine: Data) {
        self.header = header
        self.completed = completed
        self.planLine = planLine
    }

    /// The plan's tasks, as the dump that began the archive wrote them.
    public func tasks<Task: Decodable>(as type: Task.Type) throws(ArchiveError) -> [Task] {
        do { return try JSONDecoder().decode(PlanTasks<Task>.self, from: planLine).plan.tasks } catch {
            throw .manifestUnreadable(path: DumpJournal.fileName, message: "the journal's plan: \(error)")
        }
    }
}

/// The `tasks` of a journal's plan line.
private struct PlanTasks<Task: Decodable>: Decodable {
    struct Plan: Decodable { var tasks: [Task] }
    var plan: Plan
}
