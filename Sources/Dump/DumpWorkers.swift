import ArchiveFormat
import InfluxAPI
import Logging
import Support

/// Runs a plan's tasks on `options.jobs` workers, each with its own runner (a query client, or
/// a native backup's reader), and journals each finished one. The first failure stops every
/// worker before its next task.
struct DumpWorkers: Sendable {
    let tasks: [DumpTask]
    let options: DumpOptions
    let sink: ArchiveSink
    let logger: Logger
    /// Makes one worker's runner.
    let makeRunner: @Sendable () throws -> any DumpTaskRunner

    /// What the workers leave: every query's outcome and the series they counted.
    struct Finished {
        /// By task index: the ones given to `run` and the ones run now.
        var outcomes: [Int: TaskOutcome]
        /// The series of the queries run now (not of the ones saved before).
        var series: SeriesCounts
    }

    /// What the workers share.
    private final class Board: Sendable {
        let next = Locked(0)
        let outcomes: Locked<[Int: TaskOutcome]>
        let failure = Locked<Error?>(nil)
        let series = Locked(SeriesCounts())
        init(_ saved: [Int: TaskOutcome]) { outcomes = Locked(saved) }
        /// Keeps the first failure only.
        func fail(_ error: Error) { failure.with { $0 = $0 ?? error } }
    }

    /// Runs the queries of `tasks` not in `saved`. Throws the first failure.
    func run(saved: [Int: TaskOutcome]) throws -> Finished {
        let pending = DumpHeader.pending(tasks.count, saved: saved)
        let board = Board(saved)
        let workers = self
        WorkerPool.run(count: min(options.jobs, max(pending.count, 1))) { _ in workers.work(pending, board: board) }
        if let error = board.failure.snapshot { throw error }
        return Finished(outcomes: board.outcomes.snapshot, series: board.series.snapshot)
    }

    /// One worker: takes the next pending query until none is left, one failed or the dump is
    /// cancelled.
    private func work(_ pending: [Int], board: Board) {
        let runner: any DumpTaskRunner
        do { runner = try makeRunner() } catch { board.fail(error); return }
        while board.failure.snapshot == nil {
            if options.cancellation.isCancelled { board.fail(CancelledError()); return }
            let p: Int = board.next.with { n in
                defer { n += 1 }; return n
            }
            guard p < pending.count else { return }
            let i = pending[p]
            do {
                try save(i, runner: runner, board: board)
            } catch {
                if options.cancellation.isCancelled { board.fail(CancelledError()); return }
                // The error itself reaches the caller, which reports it once.
                logger.debug("query failed", metadata: ["window": "\(tasks[i].label)", "error": "\(error)"])
                board.fail(DumpError.failed(task: tasks[i].label, underlying: "\(error)"))
            }
        }
    }

    /// Runs task `i`, journals it and counts its series (whose sketch is then let go).
    private func save(_ i: Int, runner: any DumpTaskRunner, board: Board) throws {
        var r = try runner.run(tasks[i])
        try sink.queryCompleted(i, saved: r.saved)
        board.series.with { $0.count(r, key: tasks[i].key) }
        r.series = SeriesSketch()
        board.outcomes.with { $0[i] = r }
        options.progress?.addUnits(done: 1)
    }
}
