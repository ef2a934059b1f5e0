import ArgumentParser
import Foundation
import InfluxDump

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an archive offline: checksums, zstd, every point, counts and time bounds.",
        discussion: """
            Needs no server. Reports every problem found, one line each (file: kind: detail), then a \
            summary; exits 1 if there was any.

            EXAMPLE:
              influxdump verify /backups/telegraf-2026-11-21

            \(ExitStatus.helpText)
            """)

    @Argument(help: ArgumentHelp("The archive directory.", valueName: "dir"))
    var archive: String

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp("Segments checked in parallel (default: number of CPU cores).", valueName: "n"))
    var jobs: Int?

    func run() throws {
        let verifier = ArchiveVerifier(root: archive, jobs: try positive("--jobs", jobs ?? ProcessInfo.processInfo.activeProcessorCount))
        let report = try verifier.run()
        for f in report.findings { print(f.description) }
        if report.ok {
            print("ok: \(report.segments) segments, \(report.points) points, \(formatBytes(report.rawBytes)) of line protocol verified")
        } else {
            print("FAILED: \(report.findings.count) problem(s) in \(archive)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}
