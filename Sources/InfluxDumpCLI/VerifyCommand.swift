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

    @Flag(help: "Print one JSON object with every finding on stdout instead of the text report (formats/results.md).")
    var json = false

    /// `--json`'s `result`.
    struct Result: Encodable {
        var archive: String
        var segments: Int
        var points: Int64
        var rawBytes: Int64
        var findings: [Finding]
    }

    func run() throws {
        try JSONReport<Result>.run(command: "verify", enabled: json) {
            let jobs = try positive("--jobs", jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            let report = try ArchiveVerifier(root: archive, jobs: jobs).run()
            let result = Result(archive: archive, segments: report.segments, points: report.points, rawBytes: report.rawBytes, findings: report.findings)
            let failed = ExitCodeError(status: .failure, message: "\(report.findings.count) problem(s) in \(archive)")
            if json { return (result, report.ok ? nil : failed) }
            let paint = Paint(enabled: Console.colours(fd: 1))
            for f in report.findings { print(f.description) }
            if report.ok {
                print(paint.green("ok") + ": \(report.segments) segments, \(report.points) points, \(formatBytes(report.rawBytes)) of line protocol verified")
                return (result, nil)
            }
            print(paint.red("FAILED") + ": \(report.findings.count) problem(s) in \(archive)")
            return (result, failed)
        }
    }
}
