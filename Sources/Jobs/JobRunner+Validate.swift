import ArchiveFormat
import Dump
import InfluxAPI
import Verify

extension JobRunner {
    /// `options.validate` after a run to an archive: the whole `verify --against` check of the
    /// new archive against its source. A difference fails the run before anything is pruned.
    func validate(archive: any ArchiveStore, source: ClientConfiguration, result: inout JobResult) throws {
        let comparer = SourceComparer(client: try InfluxClient(config: source))
        let report = try ArchiveVerifier(store: archive, jobs: 2, against: comparer).run()
        result.mismatches = report.findings.map(\.description)
        for m in result.mismatches { logger.error("archive differs from the source", metadata: ["finding": "\(m)"]) }
        guard result.mismatches.isEmpty else {
            // Counts only: an encrypted archive's marker must name nothing.
            let note = "\(result.mismatches.count) problem(s) between this archive and its source (see the job's log)\n"
            do { try archive.write(ArchiveFolder.failedValidationMarker, Array(note.utf8)) } catch {
                logger.error("could not mark the archive as failed validation", metadata: ["error": "\(error)"])
            }
            throw DumpError.failed(task: "validate", underlying: "\(result.mismatches.count) problem(s) between the archive and its source")
        }
        logger.info("validated against the source", metadata: ["windows": "\(report.windowsCompared)"])
    }
}
