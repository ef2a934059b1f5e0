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

            With --against URL it also compares the archive with its live source: for every query \
            window in the manifest (also those that returned no point) the values per field in the \
            archive against the server's count(*) over the same window, cut at the time the dump \
            started. Every window that differs is named, with the field and both counts. Points \
            written into a window after the dump started differ legitimately: the report gives the \
            time of each dump. Cost: one count query per window.

            EXAMPLES:
              influxdump verify /backups/telegraf-2026-11-21
              influxdump verify /backups/telegraf-2026-11-21 --against http://influx:8086 -u backup

            \(ExitStatus.helpText)
            """)

    @Argument(help: ArgumentHelp("An archive directory, or a job's archive folder (every archive in it).", valueName: "dir"))
    var archive: String

    @Option(
        name: [.customShort("j"), .long], help: ArgumentHelp("Segments checked in parallel (default: number of CPU cores).", valueName: "n")
    )
    var jobs: Int?

    @Flag(help: "Print one JSON object with every finding on stdout instead of the text report (formats/results.md).")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Also compare every window's counts with the source server at this URL (the connection options apply).",
            valueName: "url"))
    var against: String?

    @OptionGroup(title: "Connection (with --against)") var connection: ConnectionOptions

    @OptionGroup(title: "Object storage (s3:// archives)") var objectStorage: ObjectStorageOptions

    @OptionGroup(title: "Encryption (age)") var identityOptions: IdentityOptions

    /// The source to compare with, or nil without `--against`.
    func comparer() throws -> SourceComparer? {
        guard let against else {
            if connection.host != nil { throw UsageError("--host needs --against (verify reads no server otherwise)") }
            return nil
        }
        if connection.host != nil { throw UsageError("give the server once: --against URL, without --host") }
        var options = connection
        options.host = against
        return SourceComparer(client: try InfluxClient(config: try options.configuration()))
    }

    /// `--json`'s `result`.
    struct Result: Encodable {
        var archive: String
        var segments: Int
        var points: Int64
        var rawBytes: Int64
        var findings: [Finding]
        /// With --against: the server compared with, the windows compared and when each dump started.
        var against: String?
        var windowsCompared: Int?
        var dumpsStarted: [String]?
        /// An encrypted archive verified without its identity: what was not checked.
        var unchecked: String?
    }

    func run() throws {
        try JSONReport<Result>.run(command: "verify", enabled: json) {
            let jobs = try positive("--jobs", jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            let comparer = try comparer()
            let store = try objectStorage.storage(tls: connection, keys: try identityOptions.keys()).store(for: archive)
            let report = try ArchiveVerifier.verify(store, jobs: jobs, against: comparer)
            let result = Result(
                archive: archive, segments: report.segments, points: report.points, rawBytes: report.rawBytes, findings: report.findings,
                against: against.map(ClientConfiguration.redacted), windowsCompared: against.map { _ in report.windowsCompared },
                dumpsStarted: against.map { _ in report.dumpsStarted }, unchecked: report.unchecked)
            let failed = ExitCodeError(status: .failure, message: "\(report.findings.count) problem(s) in \(archive)")
            if json { return (result, report.ok ? nil : failed) }
            let paint = Paint(enabled: Console.colours(fd: 1))
            for f in report.findings { print(f.description) }
            if let against {
                print(
                    "compared \(report.windowsCompared) window(s) with \(ClientConfiguration.redacted(against)), each up to the start of its dump "
                        + "(\(report.dumpsStarted.joined(separator: ", "))); points written later into a window differ legitimately")
                if report.windowsAfterDumpStart > 0 {
                    print("\(report.windowsAfterDumpStart) window(s) start after their dump began and were not compared")
                }
            }
            if let unchecked = report.unchecked { print(unchecked) }
            if report.ok, report.unchecked != nil {
                print(paint.green("ok") + ": \(report.segments) encrypted segments and the manifest match checksums.sha256")
                return (result, nil)
            }
            if report.ok {
                print(
                    paint.green("ok")
                        + ": \(report.segments) segments, \(report.points) points, \(formatBytes(report.rawBytes)) of line protocol verified"
                )
                return (result, nil)
            }
            print(paint.red("FAILED") + ": \(report.findings.count) problem(s) in \(archive)")
            return (result, failed)
        }
    }
}
