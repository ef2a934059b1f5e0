import Foundation

/// Every transfer of one process, for the display: a job run adds one per job.
public final class ProgressBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [TransferProgress] = []

    public init() {}

    public func add(_ p: TransferProgress) {
        lock.lock(); defer { lock.unlock() }
        entries.append(p)
    }

    public func remove(_ p: TransferProgress) {
        lock.lock(); defer { lock.unlock() }
        entries.removeAll { $0 === p }
    }

    public var snapshots: [TransferProgress.Snapshot] {
        lock.lock(); let e = entries; lock.unlock()
        return e.map(\.snapshot)
    }
}
