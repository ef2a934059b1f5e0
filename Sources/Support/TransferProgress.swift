import Foundation

/// Live counters of one dump or restore, written by its workers and read by a progress display
/// on another thread. Workers add in batches (thousands of points), so the lock is cheap.
///
/// `units` are what the percentage and ETA are based on: query windows for a dump (its size is
/// unknown until it is read), bytes of line protocol for a restore (the manifest has them).
public final class TransferProgress: @unchecked Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var label: String
        public var operation: String
        public var points: Int64 = 0
        /// Bytes of line protocol.
        public var bytes: Int64 = 0
        public var unitsDone: Int64 = 0
        /// Zero when unknown (a restore from a stream: the manifest comes last).
        public var unitsTotal: Int64 = 0
        public var seconds: Double = 0
        public var finished = false

        public init(label: String, operation: String) {
            self.label = label
            self.operation = operation
        }

        public var fraction: Double? { unitsTotal > 0 ? min(1, Double(unitsDone) / Double(unitsTotal)) : nil }
        public var pointsPerSecond: Double { seconds > 0 ? Double(points) / seconds : 0 }
        /// Seconds left, from the rate of units so far; nil until some unit is done.
        public var eta: Double? {
            guard let f = fraction, f > 0, !finished else { return nil }
            return seconds * (1 - f) / f
        }
    }

    private let lock = NSLock()
    private var state: Snapshot
    private let started: Date

    public init(label: String, operation: String) {
        state = Snapshot(label: label, operation: operation)
        started = Date()
    }

    public func add(points: Int64, bytes: Int64) {
        lock.lock(); defer { lock.unlock() }
        state.points += points
        state.bytes += bytes
    }

    public func addUnits(done: Int64) {
        lock.lock(); defer { lock.unlock() }
        state.unitsDone += done
    }

    public func setUnits(done: Int64, total: Int64) {
        lock.lock(); defer { lock.unlock() }
        state.unitsDone = done
        state.unitsTotal = total
    }

    public func finish() {
        lock.lock(); defer { lock.unlock() }
        state.finished = true
    }

    public var snapshot: Snapshot {
        lock.lock(); defer { lock.unlock() }
        var s = state
        s.seconds = Date().timeIntervalSince(started)
        return s
    }
}
