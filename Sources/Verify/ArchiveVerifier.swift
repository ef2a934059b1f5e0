import AgeEncryption
import ArchiveFormat
import Foundation
import Support

/// Checks an archive directory offline: manifest, then every segment (present, size, SHA-256,
/// zstd frame and content checksum, every point parses, measurement, window, count, time bounds),
/// then stray files. Collects every finding.
public struct ArchiveVerifier {
    public struct Report: Sendable {
        public var findings: [Finding] = []
        public var segments = 0
        public var points: Int64 = 0
        public var rawBytes: Int64 = 0
        /// With a source to compare against: the windows compared, and when each archive's dump
        /// started (windows written after it can legitimately differ).
        public var windowsCompared = 0
        /// Windows that start after their dump began: not compared (future-dated points).
        public var windowsAfterDumpStart = 0
        public var dumpsStarted: [String] = []
        /// What was not checked, and why (an encrypted archive verified without its identity).
        public var unchecked: String? = nil
        public var ok: Bool { findings.isEmpty }

        public init() {}
    }

    public let store: any ArchiveStore
    public var root: String { store.location }
    public let jobs: Int
    /// Also compare every window with the live source (`verify --against`).
    public var against: SourceComparer?

    public init(store: any ArchiveStore, jobs: Int = 2, against: SourceComparer? = nil) {
        self.store = store
        self.jobs = jobs
        self.against = against
    }

    /// An archive directory.
    public init(root: String, jobs: Int = 2, against: SourceComparer? = nil) {
        self.init(store: DirectoryStore(root), jobs: jobs, against: against)
    }

    /// Throws when there is no manifest to check against, or the source to compare with fails.
    public func run() throws -> Report {
        if store.keys.identities.isEmpty, try !store.exists(Manifest.fileName), let marker = try ArchiveEncryption.marker(store) {
            // Comparing with the source needs the points: a digest check would pass vacuously.
            guard against == nil else {
                throw ArchiveError.encrypted(path: store.location, recipients: marker.recipients.joined(separator: ", "))
            }
            return try runSealed(marker)
        }
        if let directory = store as? DirectoryStore {
            _ = try StoredArchiveReader.loadManifest(root: directory.root, checkDigest: false, keys: directory.keys)
        }
        let (manifest, manifestBytes) = try StoredArchiveReader.loadManifestBytes(store: store, checkDigest: false)
        var report = Report()
        if let problem = StoredArchiveReader.digestProblem(store: store, manifestBytes: manifestBytes) {
            report.findings.append(Finding(.checksum, Manifest.fileName, problem))
        }
        if !manifest.complete {
            report.findings.append(Finding(.manifest, Manifest.fileName, "not marked complete: the dump did not finish"))
        }
        var seen = Set<String>()
        for s in manifest.segments where !seen.insert(s.path).inserted {
            report.findings.append(Finding(.manifest, Manifest.fileName, "segment \(s.path) is listed twice"))
        }
        let segments = manifest.segments
        let results = Locked([Int: [Finding]]())
        let counts = Locked([Manifest.Window: [String: Int64]]())
        let next = Locked(0)
        let store = self.store, cut = against.map { _ in SourceComparer.cut(of: manifest) }
        WorkerPool.run(count: min(jobs, max(segments.count, 1))) { _ in
            while true {
                let i: Int = next.with { n in
                    defer { n += 1 }; return n
                }
                guard i < segments.count else { return }
                let (f, c) = Self.check(segments[i], store: store, countBefore: cut)
                results.with { $0[i] = f }
                if cut != nil { counts.with { $0[segments[i].window, default: [:]].merge(c, uniquingKeysWith: +) } }
            }
        }
        for i in segments.indices { report.findings += results.snapshot[i] ?? [] }
        if let against {
            let outcome = try against.compare(manifest, counts: counts.snapshot)
            report.findings += outcome.differences.map(\.finding)
            report.windowsCompared = outcome.compared
            report.windowsAfterDumpStart = outcome.afterCut
            report.dumpsStarted = [manifest.createdAt]
        }
        report.findings += try strayFiles(listed: seen)
        report.segments = segments.count
        report.points = manifest.totalPoints
        report.rawBytes = manifest.totalRawBytes
        return report
    }

    static func check(_ record: Manifest.Segment, store: any ArchiveStore, countBefore: Int64? = nil) -> ([Finding], [String: Int64]) {
        var findings: [Finding] = []
        let checker = SegmentChecker(record: record, countBefore: countBefore)
        do {
            let decompressor = try ZstdDecompressor(next: checker)
            // An encrypted segment is decrypted on its way to zstd (age authenticates every chunk).
            let content = try ArchiveEncryption.decrypting(record, keys: store.keys, into: decompressor)
            let hasher = HashingSink()
            var size: Int64 = 0
            var zstdFailure: String? = nil
            var decryptFailure: String? = nil
            let present = try store.read(record.path) { chunk in
                size += Int64(chunk.count)
                try hasher.write(chunk)
                guard zstdFailure == nil, decryptFailure == nil else { return }
                do { try content.write(chunk) } catch let e as AgeError { decryptFailure = "\(e)" } catch { zstdFailure = "\(error)" }
            }
            guard present else { return ([Finding(.missing, record.path, "file is missing")], [:]) }
            try hasher.finish()
            if size != record.compressedBytes {
                findings.append(Finding(.size, record.path, "\(size) bytes, manifest says \(record.compressedBytes)"))
            }
            if hasher.hex != record.sha256 {
                findings.append(Finding(.checksum, record.path, "sha256 \(hasher.hex ?? "") does not match the manifest"))
            }
            if zstdFailure == nil, decryptFailure == nil {
                do { try content.finish() } catch let e as AgeError { decryptFailure = "\(e)" } catch { zstdFailure = "\(error)" }
            }
            if let d = decryptFailure {
                findings.append(Finding(.decrypt, record.path, d))
            } else if let z = zstdFailure {
                findings.append(Finding(.zstd, record.path, z))
            } else {
                findings += checker.findings
                if decompressor.decompressedBytes != record.rawBytes {
                    findings.append(
                        Finding(
                            .size, record.path, "\(decompressor.decompressedBytes) bytes of line protocol, manifest says \(record.rawBytes)"
                        ))
                }
            }
        } catch {
            findings.append(Finding(.missing, record.path, "\(error)"))
        }
        return (findings, checker.fieldCounts)
    }

    func strayFiles(listed: Set<String>) throws -> [Finding] {
        var out: [Finding] = []
        for rel in try store.files() {
            // The lock and journal survive only a kill right after the manifest was published.
            let ours = [
                Manifest.fileName, Manifest.digestFileName, DirectoryArchiveWriter.lockName, DirectoryArchiveWriter.journalName,
                ArchiveEncryption.manifestName, ArchiveEncryption.markerName, ArchiveEncryption.checksumsName,
                ArchiveFolder.failedValidationMarker,
            ]
            if ours.contains(rel) || listed.contains(rel) || rel.hasPrefix(DirectoryArchiveWriter.journalName + ".") { continue }
            out.append(
                Finding(
                    .stray, rel,
                    rel.hasSuffix(".partial") ? "unfinished file left by an interrupted dump" : "file is not listed in the manifest"))
        }
        return out.sorted { $0.subject < $1.subject }
    }
}
