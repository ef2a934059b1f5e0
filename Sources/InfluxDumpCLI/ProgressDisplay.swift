import Foundation
import InfluxDump

/// Shows the transfers of a `ProgressBoard` on stderr: a live line per transfer redrawn in place
/// on a terminal, or a plain line per transfer every few seconds for logs. Never on stdout (the
/// pipe mode writes data there). Log lines and messages go through `Console`, which clears the
/// live lines, writes, and lets the next tick redraw them.
final class ProgressDisplay: @unchecked Sendable {
    enum Mode: String, CaseIterable { case auto, live, plain, off }

    let board = ProgressBoard()
    private let live: Bool
    private let interval: Double
    private let condition = NSCondition()
    private var running = false
    private var stopped = false
    private var finished = false
    /// Live lines now on the screen (erased before anything else is written).
    private var shownLines = 0

    /// Returns nil when progress is off: `--quiet`, `off`, or `auto` without a terminal on stderr.
    static func make(
        mode: Mode, quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment,
        stderrIsTerminal: Bool = isatty(2) == 1
    ) -> ProgressDisplay? {
        if quiet { return nil }
        switch mode {
        case .off: return nil
        case .plain: return ProgressDisplay(live: false, interval: 10)
        case .live: return ProgressDisplay(live: true, interval: 0.5)
        case .auto:
            guard stderrIsTerminal, environment["TERM"] != "dumb" else { return nil }
            return ProgressDisplay(live: true, interval: 0.5)
        }
    }

    private init(live: Bool, interval: Double) {
        self.live = live
        self.interval = interval
    }

    func start() {
        condition.lock(); defer { condition.unlock() }
        guard !running else { return }
        running = true
        Console.attach(self)
        Thread { [self] in loop() }.start()
    }

    /// Erases the live lines and stops; the command then prints its summary.
    func stop() {
        condition.lock()
        guard running, !stopped else { condition.unlock(); return }
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        Console.detach(self)
    }

    private func loop() {
        condition.lock()
        while !stopped {
            _ = condition.wait(until: Date(timeIntervalSinceNow: interval))
            if stopped { break }
            condition.unlock()
            Console.redraw(self)
            condition.lock()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// What to write for one tick; called by `Console` under its lock.
    func frame(width: Int) -> String {
        let lines = board.snapshots.map { Self.describe($0) }
        if !live { return lines.map { "influxdump: progress: \($0)\n" }.joined() }
        var out = erase()
        for line in lines { out += String(line.prefix(max(20, width - 1))) + "\n" }
        shownLines = lines.count
        return out
    }

    /// Moves up over the live lines and clears them.
    func erase() -> String {
        guard live, shownLines > 0 else { return "" }
        defer { shownLines = 0 }
        return "\u{1B}[\(shownLines)F\u{1B}[J"
    }

    static func describe(_ s: TransferProgress.Snapshot) -> String {
        var parts = [
            "\(s.operation) \(s.label):", "\(grouped(s.points)) points", formatBytes(s.bytes),
            "\(grouped(Int64(s.pointsPerSecond.rounded()))) points/s",
        ]
        if let f = s.fraction {
            let what = s.operation == "restore" ? "" : " (\(s.unitsDone)/\(s.unitsTotal) windows)"
            parts.append(String(format: "%.0f%%", f * 100) + what)
        }
        if let eta = s.eta { parts.append("ETA " + duration(eta)) }
        return parts.joined(separator: "  ")
    }

    static func grouped(_ n: Int64) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
