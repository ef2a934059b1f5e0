import Foundation

/// Keeps a transfer under `--max-points-per-second` and `--max-bytes-per-second`, shared by all
/// workers of one dump or restore. Each batch books its cost on a virtual clock; a worker that
/// is ahead of the clock sleeps. Idle time earns at most `burst` seconds of credit, so a pause
/// is never followed by a flood.
public final class Throttle: @unchecked Sendable {
    public let pointsPerSecond: Double?
    public let bytesPerSecond: Double?
    private let burst: Double
    private let lock = NSLock()
    private var booked: Double
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) -> Void

    /// Returns nil when neither limit is set.
    public convenience init?(pointsPerSecond: Double?, bytesPerSecond: Double?, burst: Double = 1) {
        guard pointsPerSecond != nil || bytesPerSecond != nil else { return nil }
        self.init(
            pointsPerSecond: pointsPerSecond, bytesPerSecond: bytesPerSecond, burst: burst,
            clock: { Date().timeIntervalSinceReferenceDate }, sleep: { Thread.sleep(forTimeInterval: $0) })
    }

    /// With an injected clock and sleep, for tests.
    public init(
        pointsPerSecond: Double?, bytesPerSecond: Double?, burst: Double,
        clock: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) -> Void
    ) {
        precondition(pointsPerSecond.map { $0 > 0 } ?? true && bytesPerSecond.map { $0 > 0 } ?? true, "limits must be positive")
        self.pointsPerSecond = pointsPerSecond
        self.bytesPerSecond = bytesPerSecond
        self.burst = burst
        self.now = clock
        self.sleep = sleep
        booked = clock() - burst
    }

    /// Books `points` and `bytes` just transferred and waits as long as the limits require.
    public func consume(points: Int64, bytes: Int64) {
        let cost = max(pointsPerSecond.map { Double(points) / $0 } ?? 0, bytesPerSecond.map { Double(bytes) / $0 } ?? 0)
        guard cost > 0 else { return }
        lock.lock()
        let t = now()
        booked = max(booked, t - burst) + cost
        let wait = booked - t
        lock.unlock()
        if wait > 0 { sleep(wait) }
    }
}
