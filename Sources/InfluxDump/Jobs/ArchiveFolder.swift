import Foundation

/// A job's archive folder `path/<job>/`: one archive per run, named by its UTC start time
/// (`20261121T030000Z`), incremental ones linked to their parent.
public struct ArchiveFolder {
    public let root: String

    public init(root: String) { self.root = root }

    public static func runName(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    /// Complete archives, oldest first, with their manifests.
    public func archives() -> [(name: String, manifest: Manifest)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        return names.compactMap { name in
            guard let m = try? DirectoryArchiveReader.loadManifest(root: root + "/" + name), m.complete else { return nil }
            return (name, m)
        }
    }

    /// A new, unused directory for a run starting at `date`.
    public func newRunDirectory(_ date: Date) -> String {
        var name = Self.runName(date)
        var n = 1
        while FileManager.default.fileExists(atPath: root + "/" + name) { n += 1; name = Self.runName(date) + "-\(n)" }
        return root + "/" + name
    }

    /// Removes all but the newest `keep` archives, never one that a kept archive's chain needs.
    /// Returns the names removed.
    @discardableResult
    public func prune(keepLast keep: Int) throws -> [String] {
        try prune(PrunePolicy(keepLast: keep)).filter { !$0.keep }.map(\.name)
    }

    /// Decides with `policy` over the complete archives (oldest first) and, unless `dryRun`,
    /// removes those not kept. Directories that are not complete archives (a dump in progress
    /// or interrupted) are never touched. Each archive is first renamed to a hidden
    /// `.pruning-<name>` (atomic: it stops being an archive at once) and then deleted, so an
    /// interrupted prune never leaves a half-deleted directory that looks like an archive;
    /// leftovers are deleted by the next prune.
    public func prune(_ policy: PrunePolicy, dryRun: Bool = false) throws -> [PrunePolicy.Decision] {
        let all = archives()
        let decisions = policy.decide(all.map { a in
            PrunePolicy.Archive(name: a.name, time: Timestamp.parse(a.manifest.createdAt) ?? 0, parent: a.manifest.parent?.path)
        })
        guard !dryRun else { return decisions }
        let fm = FileManager.default
        for leftover in ((try? fm.contentsOfDirectory(atPath: root)) ?? []) where leftover.hasPrefix(Self.pruningPrefix) {
            try fm.removeItem(atPath: root + "/" + leftover)
        }
        for d in decisions where !d.keep {
            let hidden = root + "/" + Self.pruningPrefix + d.name
            do {
                try fm.moveItem(atPath: root + "/" + d.name, toPath: hidden)
                try fm.removeItem(atPath: hidden)
            } catch {
                throw ArchiveError.io(path: root + "/" + d.name, operation: "remove pruned archive", message: "\(error.localizedDescription)")
            }
        }
        return decisions
    }

    static let pruningPrefix = ".pruning-"

    /// Orders archives base first (their names are their start times) and checks that every
    /// archive's parent is among them, earlier.
    public static func chain(_ paths: [String]) throws -> [String] {
        func name(_ p: String) -> String { (p as NSString).lastPathComponent }
        let sorted = paths.sorted { name($0) < name($1) }
        var seen = Set<String>()
        for p in sorted {
            let m = try DirectoryArchiveReader.loadManifest(root: p)
            if let parent = m.parent?.path, !seen.contains(parent) {
                throw ArchiveError.manifestUnreadable(path: p + "/" + Manifest.fileName,
                                                      message: "continues archive \(parent), which is not among the inputs before it (give the whole chain or the job folder)")
            }
            seen.insert(name(p))
        }
        return sorted
    }
}
