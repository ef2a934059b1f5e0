import ArchiveFormat
import Foundation
import Support

extension ArchiveVerifier {
    /// An encrypted archive checked without its identity: every file `checksums.sha256` lists is
    /// present and has its SHA-256, and nothing else lies in the archive. What the files hold
    /// (points, counts, the manifest itself) is not checked: `Report.unchecked` says so.
    func runSealed(_ marker: ArchiveEncryption.Marker) throws -> Report {
        var report = Report()
        report.unchecked =
            "encrypted (age, to \(marker.recipients.joined(separator: ", "))): every file's sha256 was checked, not what it holds; give --identity to check the points too"
        guard let sums = try ArchiveEncryption.checksums(store) else {
            report.findings.append(Finding(.missing, ArchiveEncryption.checksumsName, "file is missing"))
            return report
        }
        if sums[ArchiveEncryption.manifestName] == nil {
            report.findings.append(Finding(.manifest, ArchiveEncryption.checksumsName, "does not list \(ArchiveEncryption.manifestName)"))
        }
        let names = sums.keys.sorted()
        let results = Locked([String: Finding]())
        let next = Locked(0)
        let store = self.store
        WorkerPool.run(count: min(jobs, max(names.count, 1))) { _ in
            while true {
                let i: Int = next.with { n in
                    defer { n += 1 }; return n
                }
                guard i < names.count else { return }
                if let f = Self.checkDigest(names[i], sums[names[i]] ?? "", store: store) { results.with { $0[names[i]] = f } }
            }
        }
        report.findings += names.compactMap { results.snapshot[$0] }
        report.findings += try strayFiles(listed: Set(names))
        report.segments = names.filter { $0 != ArchiveEncryption.manifestName }.count
        return report
    }

    static func checkDigest(_ name: String, _ digest: String, store: any ArchiveStore) -> Finding? {
        let hasher = HashingSink()
        do {
            guard try store.read(name, { try hasher.write($0) }) else { return Finding(.missing, name, "file is missing") }
            try hasher.finish()
        } catch {
            return Finding(.missing, name, "\(error)")
        }
        return hasher.hex == digest
            ? nil : Finding(.checksum, name, "sha256 \(hasher.hex ?? "") does not match \(ArchiveEncryption.checksumsName)")
    }
}
