import Foundation
import Support

/// A job's archive folder `path/<job>/`: one archive per run, named by its UTC start time
/// (`20261121T030000Z`), incremental ones linked to their parent.
public struct ArchiveFolder: Sendable {
    public let store: any ArchiveStore
    /// The folder's path or `s3://bucket/prefix`.
    public var root: String { store.location }

    public init(root: String) { self.init(store: DirectoryStore(root)) }

    public init(store: any ArchiveStore) { self.store = store }

    public static func runName(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    /// Complete archives, oldest first, with their manifests. Hidden entries (a `.pruning-…`
    /// leftover) and directories without a manifest (a run in progress) are not archives.
    public func archives() throws -> [LoadedArchive] {
        try scan().archives
    }

    /// What a path given to `inspect`, `verify` or `restore` names: one archive, or a job folder's
    /// archives (oldest first) and the links it cannot read. Throws the archive's own error
    /// (no such directory, no manifest, …) when it is neither.
    public struct Expanded: Sendable {
        public var archives: [LoadedArchive]
        public var unreadable: [(name: String, problem: String)]
        /// false: the path is one archive.
        public var isFolder: Bool
    }

    public static func expand(_ path: String) throws -> Expanded { try expand(DirectoryStore(path)) }

    /// The same for an archive or a job folder in any store.
    public static func expand(_ store: any ArchiveStore) throws -> Expanded {
        if try ArchiveEncryption.hasManifest(store) {
            return Expanded(
                archives: [LoadedArchive(store: store, manifest: try StoredArchiveReader.loadManifest(store: store))],
                unreadable: [], isFolder: false)
        }
        let (archives, unreadable) = try ArchiveFolder(store: store).scan()
        if archives.isEmpty && unreadable.isEmpty {  // the precise error
            if let directory = store as? DirectoryStore {
                _ = try StoredArchiveReader.loadManifest(root: directory.root, keys: directory.keys)
            } else {
                _ = try StoredArchiveReader.loadManifest(store: store)
            }
        }
        return Expanded(archives: archives, unreadable: unreadable, isFolder: true)
    }

    /// The archives, and the directories that hold a manifest which cannot be read (a digest
    /// mismatch, a newer format, an incomplete manifest): these may be links of a chain.
    public func scan() throws -> (archives: [LoadedArchive], unreadable: [(name: String, problem: String)]) {
        let names = try store.entries().filter { !$0.hasPrefix(".") }
        var archives: [LoadedArchive] = []
        var unreadable: [(name: String, problem: String)] = []
        for name in names {
            let run = store.child(name)
            // No manifest.json (even with its digest, written just before it): a run in progress.
            // Files beside the runs (a folder's notes) are no manifests' parents.
            guard (try? ArchiveEncryption.hasManifest(run)) == true else { continue }
            do {
                let m = try StoredArchiveReader.loadManifest(store: run)
                if m.complete {
                    archives.append(LoadedArchive(store: run, manifest: m))
                } else {
                    unreadable.append((name, "manifest says the archive is incomplete"))
                }
            } catch {
                unreadable.append((name, "\(error)"))
            }
        }
        return (archives, unreadable)
    }

    /// Written into a job's run whose archive differs from its source (`options.validate`): the
    /// next incremental run does not continue it but starts a new chain.
    public static let failedValidationMarker = "validation-failed.txt"

    /// The start time (ns) a run name stands for: `20261121T030000Z` or `20261121T030000Z-2`.
    public static func runTime(_ name: String) -> Int64? {
        let stamp = name.split(separator: "-", maxSplits: 1).first.map(String.init) ?? name
        guard stamp.count == 16 else { return nil }
        let c = Array(stamp)
        let iso =
            String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<8]) + "T" + String(c[9..<11]) + ":" + String(c[11..<13]) + ":"
            + String(c[13..<15]) + "Z"
        return stamp == runName(Date(timeIntervalSince1970: Double(Timestamp.parse(iso) ?? 0) / 1e9)) ? Timestamp.parse(iso) : nil
    }

    /// A new, unused run for a run starting at `date`.
    public func newRun(_ date: Date) throws -> any ArchiveStore {
        var name = Self.runName(date)
        var n = 1
        while try store.child(name).isPresent() { n += 1; name = Self.runName(date) + "-\(n)" }
        return store.child(name)
    }

    /// Removes all but the newest `keep` archives, never one that a kept archive's chain needs.
    /// Returns the names removed.
    @discardableResult
    public func prune(keepLast keep: Int) throws -> [String] {
        try prune(PrunePolicy(keepLast: keep)).filter { !$0.keep }.map(\.name)
    }

    /// Decides with `policy` over the complete archives (oldest first) and, unless `dryRun`,
    /// removes those not kept. Directories that are not complete archives (a dump in progress
    /// or interrupted) are not touched here (`removeUnfinishedRuns` removes what a dump left,
    /// once no process holds its lock). Each archive is first renamed to a hidden
    /// `.pruning-<name>` (atomic: it stops being an archive at once) and then deleted, so an
    /// interrupted prune never leaves a half-deleted directory that looks like an archive;
    /// leftovers are deleted by the next prune.
    public func prune(_ policy: PrunePolicy, dryRun: Bool = false) throws -> [PrunePolicy.Decision] {
        if !dryRun { try store.removeLeftovers() }
        let (all, unreadable) = try scan()
        // An archive that cannot be read may be a link that a kept archive needs: deciding
        // without it could delete the base of a chain. Refuse, and say which one.
        if let bad = unreadable.first {
            throw ArchiveError.manifestUnreadable(
                path: root + "/" + bad.name + "/" + Manifest.fileName,
                message:
                    "\(bad.problem); prune decides nothing while an archive of the folder cannot be read (repair it, or move it out of \(root))"
            )
        }
        var decisions = policy.decide(
            all.map { a in
                PrunePolicy.Archive(name: a.name, time: Timestamp.parse(a.manifest.createdAt) ?? 0, parent: a.manifest.parent?.path)
            })
        guard !dryRun else { return decisions }
        // Newest first: an interrupted prune leaves no archive whose parent is gone.
        for i in decisions.indices.reversed() where !decisions[i].keep {
            if case .retained(let why) = try store.removeChild(decisions[i].name, unfinishedOnly: false) {
                decisions[i].keep = true
                decisions[i].reasons = ["retained: \(why)"]
            }
        }
        return decisions
    }

    /// Orders archives base first (their names are their start times; with `sorted: false` the
    /// order given is kept) and checks that every archive's parent is among them, earlier.
    public static func chain(_ paths: [String], sorted sorting: Bool = true) throws -> [String] {
        try chain(paths, path: { $0 }, manifest: { try StoredArchiveReader.loadManifest(root: $0) }, sorted: sorting)
    }

    /// The same for archives whose manifests are already loaded (say, by `archives()`).
    public static func chain(_ archives: [LoadedArchive], sorted sorting: Bool = true) throws -> [LoadedArchive] {
        try chain(archives, path: \.path, manifest: \.manifest, sorted: sorting)
    }

    private static func chain<Item>(_ items: [Item], path: (Item) -> String, manifest: (Item) throws -> Manifest, sorted sorting: Bool)
        throws -> [Item]
    {
        func name(_ item: Item) -> String { (path(item) as NSString).lastPathComponent }
        let sorted = sorting ? items.sorted { name($0) < name($1) } : items
        var seen = Set<String>()
        for item in sorted {
            if let parent = try manifest(item).parent?.path, !seen.contains(parent) {
                throw ArchiveError.manifestUnreadable(
                    path: path(item) + "/" + Manifest.fileName,
                    message: "continues archive \(parent), which is not among the inputs before it (give the whole chain or the job folder)"
                )
            }
            seen.insert(name(item))
        }
        return sorted
    }
}
