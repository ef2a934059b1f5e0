import Support

/// What a `RestoreSession` tells whoever presents it (a console, a job log). The session
/// decides; the observer only shows. Text events carry their wording in `description`.
public enum RestoreSessionEvent: CustomStringConvertible, Sendable {
    /// Archive `index` (0-based) of the `count` in the chain starts.
    case archiveStarting(index: Int, count: Int, path: String)
    /// Another restore of the archive into the same destination holds its journal: this one
    /// runs without one (writes are idempotent), so only the other can be resumed.
    case journalLocked(archive: String)
    /// The journal cannot be opened (say, a read-only folder) and `resume` was not asked for.
    case journalUnavailable(archive: String, problem: String)
    /// `resume`: segments the journal records as written are skipped.
    case resuming(archive: String, alreadyApplied: Int)
    /// Live counters of one archive's restore, until `progressFinished`.
    case progressStarted(TransferProgress)
    case progressFinished(TransferProgress)

    public var description: String {
        switch self {
        case let .archiveStarting(index, count, path): return "restoring \(index + 1)/\(count): \(path)"
        case let .journalLocked(archive):
            return
                "another restore of \(archive) into this destination is running; both are safe because writes are idempotent, but only the other one can be resumed"
        case let .journalUnavailable(_, problem): return "\(problem); this restore cannot be resumed"
        case let .resuming(_, n): return "resuming: \(n) segment(s) already written are skipped"
        case let .progressStarted(p): return "started: \(p.snapshot.label)"
        case let .progressFinished(p): return "finished: \(p.snapshot.label)"
        }
    }
}
