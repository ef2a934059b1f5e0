import Foundation

/// The lock object of a dump writing under a prefix, `.influxdump.lock`: `host pid start` on
/// one line. S3 has no locks that die with their process, so it is advisory: a lock written
/// on this host is held while its process lives; one written elsewhere is taken as held for
/// a day after it was written, so no prune or job removes a run another machine may be
/// writing.
enum S3RunLock {
    static let foreignLease: TimeInterval = 86_400

    static func line(now: Date = Date()) -> String {
        "\(ProcessInfo.processInfo.hostName) \(getpid()) \(Int(now.timeIntervalSince1970))\n"
    }

    static func isHeld(_ line: String, now: Date = Date()) -> Bool {
        let parts = line.split(whereSeparator: \.isWhitespace)
        guard parts.count == 3, let pid = Int32(parts[1]), let start = Double(parts[2]) else { return false }
        if parts[0] == ProcessInfo.processInfo.hostName { return kill(pid, 0) == 0 || errno == EPERM }
        return now.timeIntervalSince1970 - start < foreignLease
    }
}

/// Object-lock retention headers.
enum S3Retention {
    static func untilHeader(days: Int, now: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: now.addingTimeInterval(Double(days) * 86_400))
    }

    static func parse(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }
}
