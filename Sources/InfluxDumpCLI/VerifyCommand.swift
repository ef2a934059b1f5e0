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

    @Argument(help: ArgumentHelp("An archive directory, or a job's archive folder (every archive in it).", valueName: "dir"))
    var archive: String

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp("Segments checked in parallel (default: number of CPU cores).", valueName: "n"))
    var jobs: Int?

    @Flag(help: "Print one JSON object with every finding on stdout instead of the text report (formats/results.md).")
    var json = false

    /// One archive, or every archive of a job's folder (findings then name `<archive>/<file>`;
    /// an archive whose manifest cannot be read is a finding too, never skipped).
    static func verify(_ path: String, jobs: Int) throws -> ArchiveVerifier.Report {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: path + "/" + Manifest.fileName) else { return try ArchiveVerifier(root: path, jobs: jobs).run() }
        let (archives, unreadable) = ArchiveFolder(root: path).scan()
        guard !archives.isEmpty || !unreadable.isEmpty else { return try ArchiveVerifier(root: path, jobs: jobs).run() } // the precise error
        var total = ArchiveVerifier.Report()
        for (name, problem) in unreadable { total.findings.append(Finding(.manifest, name + "/" + Manifest.fileName, problem)) }
        for a in archives {
            let r = try ArchiveVerifier(root: path + "/" + a.name, jobs: jobs).run()
            total.findings += r.findings.map { Finding($0.kind, a.name + "/" + $0.subject, $0.detail) }
            total.segments += r.segments
            total.points += r.points
            total.rawBytes += r.rawBytes
        }
        total.findings.sort { ($0.subject, $0.kind.rawValue) < ($1.subject, $1.kind.rawValue) }
        return total
    }

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
            let report = try Self.verify(archive, jobs: jobs)
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
