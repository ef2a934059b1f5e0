import Foundation

/// Which archives of a job folder to keep, restic style: the newest `keepLast`; the newest of
/// each of the last `keepDaily` UTC days that have an archive; every archive made within
/// `keepWithin` of the newest one (not of now, so a job that stopped running never loses its
/// last archives to time alone). An archive kept for any reason keeps its whole incremental
/// chain. The newest archive is always kept.
public struct PrunePolicy: Sendable, Equatable {
    public var keepLast: Int?
    public var keepDaily: Int?
    /// Nanoseconds.
    public var keepWithin: Int64?

    public init(keepLast: Int? = nil, keepDaily: Int? = nil, keepWithin: Int64? = nil) {
        self.keepLast = keepLast
        self.keepDaily = keepDaily
        self.keepWithin = keepWithin
    }

    public var isEmpty: Bool { keepLast == nil && keepDaily == nil && keepWithin == nil }

    public struct Archive: Sendable, Equatable {
        public var name: String
        /// When the run started (the manifest's createdAt), nanoseconds.
        public var time: Int64
        public var parent: String?

        public init(name: String, time: Int64, parent: String?) {
            self.name = name
            self.time = time
            self.parent = parent
        }
    }

    public struct Decision: Sendable, Equatable {
        public var name: String
        public var keep: Bool
        /// Why it is kept: `last`, `daily`, `within`, `newest`, `chain of <name>`.
        public var reasons: [String]
    }

    /// One decision per archive, in the order given (oldest first).
    public func decide(_ archives: [Archive]) -> [Decision] {
        let newestFirst = archives.enumerated().sorted { ($0.element.time, $0.offset) > ($1.element.time, $1.offset) }.map(\.element)
        var reasons: [String: [String]] = [:]
        if let newest = newestFirst.first { reasons[newest.name, default: []].append("newest") }
        if let n = keepLast {
            for a in newestFirst.prefix(n) { reasons[a.name, default: []].append("last") }
        }
        if let n = keepDaily {
            var days = Set<Int64>()
            let day: Int64 = 86_400_000_000_000
            for a in newestFirst {
                let d = a.time >= 0 ? a.time / day : (a.time - day + 1) / day
                if days.contains(d) { continue }
                guard days.count < n else { break }
                days.insert(d)
                reasons[a.name, default: []].append("daily")
            }
        }
        if let w = keepWithin, let newest = newestFirst.first {
            let (since, overflow) = newest.time.subtractingReportingOverflow(w)
            for a in newestFirst where overflow || a.time >= since { reasons[a.name, default: []].append("within") }
        }
        let byName = Dictionary(archives.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let direct = newestFirst.filter { reasons[$0.name] != nil }
        for kept in direct {
            var parent = byName[kept.name]?.parent
            var seen: Set<String> = [kept.name]
            while let p = parent, byName[p] != nil, seen.insert(p).inserted {
                if !(reasons[p]?.contains("chain of \(kept.name)") ?? false) { reasons[p, default: []].append("chain of \(kept.name)") }
                parent = byName[p]?.parent
            }
        }
        return archives.map { Decision(name: $0.name, keep: reasons[$0.name] != nil, reasons: reasons[$0.name] ?? []) }
    }
}
