import ArchiveFormat
import Foundation
import Restore

extension RunMetrics {
    /// One value per database of a dump's manifest (a database without any segment gets zeros;
    /// a manifest without databases, one value with an empty database label).
    /// `operation` is `.job` when a job wrote the archive (or copied to a server); the job name
    /// is the manifest's.
    public static func dump(
        _ manifest: Manifest, seconds: Double, succeeded: Bool = true, operation: Operation = .dump,
        finishedAt: Date = Date()
    ) -> [RunMetrics] {
        var byDatabase: [String: RunMetrics] = [:]
        var order: [String] = []
        func entry(_ name: String) {
            guard byDatabase[name] == nil else { return }
            order.append(name)
            byDatabase[name] = RunMetrics(
                operation: operation, job: manifest.job, database: name, seconds: seconds,
                succeeded: succeeded, finishedAt: finishedAt)
        }
        for db in manifest.databases { entry(db.name) }
        for s in manifest.segments {
            entry(s.database)
            byDatabase[s.database]?.points += s.points
            byDatabase[s.database]?.rawBytes += s.rawBytes
            byDatabase[s.database]?.compressedBytes += s.compressedBytes
            byDatabase[s.database]?.segments += 1
        }
        if order.isEmpty { entry("") }
        return order.compactMap { byDatabase[$0] }
    }

    /// One value per destination database of a restore: those in `databases` (the ones the
    /// restore was asked to write, so a database that received nothing still reports zeros) and
    /// any other the report counted.
    public static func restore(
        _ report: RestoreReport, databases: [String], job: String? = nil, seconds: Double, succeeded: Bool = true,
        finishedAt: Date = Date()
    ) -> [RunMetrics] {
        var names = databases
        for name in report.byDatabase.keys.sorted() where !names.contains(name) { names.append(name) }
        if names.isEmpty { names = [""] }
        return names.map { name in
            let t = report.byDatabase[name] ?? RestoreReport.DatabaseTotals()
            return RunMetrics(
                operation: .restore, job: job, database: name, seconds: seconds, points: t.points, rawBytes: t.bytes,
                compressedBytes: t.compressedBytes, segments: t.segments, succeeded: succeeded, finishedAt: finishedAt)
        }
    }

    /// A failed run: zeros and `success 0` for each database (one value with an empty database
    /// label when none is known), so the failure shows and the last success time stays.
    public static func failure(
        _ operation: Operation, job: String?, databases: [String], seconds: Double,
        finishedAt: Date = Date()
    ) -> [RunMetrics] {
        (databases.isEmpty ? [""] : databases).map {
            RunMetrics(operation: operation, job: job, database: $0, seconds: seconds, succeeded: false, finishedAt: finishedAt)
        }
    }
}
