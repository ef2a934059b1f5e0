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
        let all = archives()
        guard all.count > keep else { return [] }
        let byName = Dictionary(all.map { ($0.name, $0.manifest) }, uniquingKeysWith: { a, _ in a })
        var needed = Set<String>()
        for a in all.suffix(keep) {
            var current: String? = a.name
            while let c = current, !needed.contains(c) {
                needed.insert(c)
                current = byName[c]?.parent?.path
            }
        }
        var removed: [String] = []
        for a in all where !needed.contains(a.name) {
            try FileManager.default.removeItem(atPath: root + "/" + a.name)
            removed.append(a.name)
        }
        return removed
    }

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
