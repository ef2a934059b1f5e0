import Foundation
import Logging
import Support

/// Runs jobs in parallel, each isolated on its own thread with its own logger: once, or on
/// their CRON schedules until cancelled. A job never overlaps itself: a tick that finds the
/// previous run still going is skipped and logged.
public final class JobScheduler: @unchecked Sendable {
    public let jobs: [JobConfig]
    private let loggers: [String: Logger]
    private let cancellation: Cancellation
    private let wake = DispatchSemaphore(value: 0)
    private let running = Locked(Set<String>())
    private let results = Locked([JobResult]())
    private let group = DispatchGroup()
    private let schedulerLogger: Logger
    /// Running jobs' counters, for a progress display.
    private let board: ProgressBoard?

    public init(
        jobs: [JobConfig], loggers: [String: Logger], logger: Logger, cancellation: Cancellation, progress board: ProgressBoard? = nil
    ) {
        self.jobs = jobs
        self.board = board
        self.loggers = loggers
        self.schedulerLogger = logger
        self.cancellation = cancellation
    }

    /// Wakes a sleeping scheduler (after a signal set the cancellation).
    public func interrupt() { wake.signal() }

    /// Starts `job` unless it is already running. Returns false when skipped.
    @discardableResult
    public func start(_ job: JobConfig, at tick: Date) -> Bool {
        let fresh = running.with { $0.insert(job.name).inserted }
        guard fresh else {
            (loggers[job.name] ?? schedulerLogger).warning("previous run still going: this tick is skipped", metadata: ["tick": "\(tick)"])
            return false
        }
        group.enter()
        let logger = loggers[job.name] ?? schedulerLogger
        let cancellation = self.cancellation
        Thread { [self] in
            logger.info("job started")
            let progress = board.map { _ in TransferProgress(label: job.name, operation: "job") }
            if let progress { board?.add(progress) }
            let result = JobRunner(job: job, logger: logger, cancellation: cancellation, progress: progress).run(now: tick)
            if let progress { board?.remove(progress) }
            logger.info(
                "job finished",
                metadata: [
                    "status": "\(result.status)", "points": "\(result.points)", "bytes": "\(result.bytes)",
                    "seconds": "\(String(format: "%.1f", result.seconds))",
                ])
            results.with { $0.append(result) }
            running.with { _ = $0.remove(job.name) }
            group.leave()
        }.start()
        return true
    }

    /// Every job once, now, in parallel (schedules ignored).
    public func runOnce() -> [JobResult] {
        let now = Date()
        for job in jobs { start(job, at: now) }
        group.wait()
        return results.snapshot
    }

    /// Unscheduled jobs once now; scheduled ones at each CRON tick; until cancelled (or, with no
    /// scheduled job, until the others finish).
    public func runScheduled() -> [JobResult] {
        let now = Date()
        for job in jobs where !job.isScheduled { start(job, at: now) }
        let scheduled = jobs.filter(\.isScheduled)
        var next: [String: Date] = [:]
        for job in scheduled {
            next[job.name] = nextTick(job, after: now)
            schedulerLogger.info("scheduled", metadata: ["job": "\(job.name)", "next": "\(next[job.name].map { "\($0)" } ?? "never")"])
        }
        while !scheduled.isEmpty && !cancellation.isCancelled {
            guard let soonest = next.values.min() else { break }
            let wait = soonest.timeIntervalSinceNow
            if wait > 0 {
                _ = wake.wait(timeout: .now() + min(wait, 60))
                continue
            }
            for job in scheduled where (next[job.name] ?? .distantFuture) <= Date() {
                let tick = next[job.name]!
                start(job, at: tick)
                next[job.name] = nextTick(job, after: tick)
            }
        }
        group.wait()
        return results.snapshot
    }

    func nextTick(_ job: JobConfig, after date: Date) -> Date? {
        guard case .incremental(let schedule?, let zone, _, _) = job.mode else { return nil }
        return schedule.next(after: date, in: zone)
    }
}
