import ArchiveFormat
import Foundation

extension ArchiveVerifier {
    /// One archive, or every archive of a job's folder: findings then name `<archive>/<file>`,
    /// and an archive whose manifest cannot be read is a finding too, never skipped. A single
    /// archive's own manifest is read by the verifier, so its damage is a finding as well.
    public static func verify(_ path: String, jobs: Int, against: SourceComparer? = nil) throws -> Report {
        try verify(DirectoryStore(path), jobs: jobs, against: against)
    }

    /// The same for an archive or a job folder in any store.
    public static func verify(_ store: any ArchiveStore, jobs: Int, against: SourceComparer? = nil) throws -> Report {
        func one(_ store: any ArchiveStore) throws -> Report { try ArchiveVerifier(store: store, jobs: jobs, against: against).run() }
        guard try !ArchiveEncryption.hasManifest(store) else { return try one(store) }
        let folder = try ArchiveFolder.expand(store)
        var total = Report()
        var checked = folder.archives.map { (name: $0.name, store: $0.store) }
        for (name, problem) in folder.unreadable {
            // An encrypted run without the identity: its checksums can still be checked.
            let run = store.child(name)
            if store.keys.identities.isEmpty, (try? ArchiveEncryption.marker(run)) != nil {
                checked.append((name, run))
            } else {
                total.findings.append(Finding(.manifest, name + "/" + Manifest.fileName, problem))
            }
        }
        for a in checked {
            let r = try one(a.store)
            total.findings += r.findings.map { Finding($0.kind, a.name + "/" + $0.subject, $0.detail) }
            total.segments += r.segments
            total.points += r.points
            total.rawBytes += r.rawBytes
            total.windowsCompared += r.windowsCompared
            total.windowsAfterDumpStart += r.windowsAfterDumpStart
            total.dumpsStarted += r.dumpsStarted.map { a.name + ": " + $0 }
            if let u = r.unchecked { total.unchecked = u }
        }
        total.findings.sort { ($0.subject, $0.kind.rawValue) < ($1.subject, $1.kind.rawValue) }
        return total
    }
}
