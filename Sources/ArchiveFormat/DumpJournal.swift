import Foundation

/// The journal of a dump in progress, `.influxdump-dump.journal` (formats/archive-format.md,
/// "Lock and journal of a running dump"): JSON lines, the plan first, then one line per
/// finished query. It is what lets a killed dump be resumed.
package enum DumpJournal {
    package static let fileName = ".influxdump-dump.journal"

    /// A journal line as written: the plan (with the dump's own task type), or one finished query.
    package struct Line<Task: Encodable>: Encodable {
        var plan: Plan<Task>?
        var task: Int?
        var outcome: SavedQuery?

        package init(plan: Plan<Task>?, task: Int? = nil, outcome: SavedQuery? = nil) {
            self.plan = plan
            self.task = task
            self.outcome = outcome
        }
    }

    package struct Plan<Task: Encodable>: Encodable {
        var header: Manifest
        var tasks: [Task]
        /// What a new run must match to continue this dump instead of starting over (`ResumeKey`);
        /// opaque here. Absent in journals of `dump`, which resumes only when asked.
        var resumeKey: String?

        package init(header: Manifest, tasks: [Task], resumeKey: String?) {
            self.header = header
            self.tasks = tasks
            self.resumeKey = resumeKey
        }
    }

    /// A journal line as read back: the plan's tasks stay undecoded (only the dump knows their type).
    struct ReadLine: Decodable {
        var plan: ReadPlan?
        var task: Int?
        var outcome: SavedQuery?
    }

    package struct ReadPlan: Decodable {
        package var header: Manifest
        package var resumeKey: String?
    }

    package struct Contents {
        /// nil when the dump was killed before its plan line was complete.
        package var plan: ReadPlan?
        /// The plan's line, for `ResumeState.tasks(as:)`.
        package var planLine = Data()
        package var completed: [Int: SavedQuery]
    }

    /// A finished query's line (it has no plan, so no task type).
    package static func completedLine(_ index: Int, _ saved: SavedQuery) -> Line<Int> { Line(plan: nil, task: index, outcome: saved) }

    package static func encode<Task>(_ line: Line<Task>, keys: ArchiveKeys = .none) throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let plain = Array(try e.encode(line)) + [0x0A]
        return keys.encrypts ? try ArchiveEncryption.sealLine(plain, keys: keys) : plain
    }

    /// The journal of the dump in `root`, nil when there is none. A last line torn by a kill is
    /// ignored (and, with `repair`, cut off so the next entry starts clean); an unreadable line
    /// before the last is damage.
    static func read(root: String, repair: Bool, keys: ArchiveKeys = .none) throws(ArchiveError) -> Contents? {
        let path = root + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let complete = (data.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        if repair && complete < data.count { truncate(path, off_t(complete)) }
        return try parse(data.prefix(complete), path: path, keys: keys)
    }

    /// The journal's complete lines (a torn last line was cut off by the caller, or is ignored).
    package static func parse(_ data: Data, path: String, keys: ArchiveKeys = .none) throws(ArchiveError) -> Contents {
        let lines = data.split(separator: 0x0A)
        var contents = Contents(plan: nil, completed: [:])
        for (i, sealedLine) in lines.enumerated() {
            // An encrypted dump's lines are sealed: a torn last line fails to open like any other.
            let line: Data
            do { line = try ArchiveEncryption.openLine(Data(sealedLine), keys: keys, path: path) } catch {
                if i == lines.count - 1, case .manifestUnreadable = error { break }
                throw error
            }
            guard let entry = try? JSONDecoder().decode(ReadLine.self, from: Data(line)) else {
                // Only the last line can be torn by a kill; anything else is damage.
                if i == lines.count - 1 { break }
                throw .manifestUnreadable(path: path, message: "line \(i + 1) is not a journal entry")
            }
            if let p = entry.plan {
                contents.plan = p
                contents.planLine = Data(line)
            }
            if let t = entry.task, let o = entry.outcome { contents.completed[t] = o }
        }
        return contents
    }
}
