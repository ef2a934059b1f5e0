import ArgumentParser
import Foundation
import InfluxDump

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what an archive (or a job's chain of archives) holds, without a server.",
        discussion: """
            A table per database, retention policy and measurement: segments, points, time range, \
            bytes of line protocol and compressed, ratio. A job folder shows each archive of its \
            chain (base first) and then the totals. Reads only manifests: run verify to check files.

            EXAMPLES:
              influxdump inspect /backups/telegraf-2026-11-21
              influxdump ls /backups/nightly --segments

            \(ExitStatus.helpText)
            """,
        aliases: ["ls"])

    @Argument(help: ArgumentHelp("An archive directory or a job's archive folder.", valueName: "dir"))
    var archive: String

    @OptionGroup(title: "Object storage (s3:// archives)") var objectStorage: ObjectStorageOptions

    @OptionGroup(title: "Encryption (age)") var identityOptions: IdentityOptions

    @Flag(help: "List every segment file too.")
    var segments = false

    @Flag(help: "Print one JSON object on stdout instead of the tables (formats/results.md).")
    var json = false

    func run() throws {
        try JSONReport<Result>.run(command: "inspect", enabled: json) {
            let links = try load()
            if !json { print(Self.render(links, segments: segments)) }
            return (Result(links, segments: segments), nil)
        }
    }

    private func load() throws -> [LoadedArchive] {
        let found = try ArchiveFolder.expand(try objectStorage.storage(keys: try identityOptions.keys()).store(for: archive))
        return found.isFolder ? try ArchiveFolder.chain(found.archives) : found.archives
    }

    /// `--json`'s `result`: each archive (a chain base first), the table's rows, and the
    /// segments with `--segments`.
    struct Result: Encodable {
        struct Archive: Encodable {
            var name: String
            var complete: Bool
            var createdAt: String
            var tool: String
            var server: String
            var serverVersion: String
            var job: String?
            var parent: String?
            var segments: Int
            var points: Int64
            var rawBytes: Int64
            var compressedBytes: Int64
            var findings: [String]
        }
        struct Segment: Encodable {
            var archive: String
            var path: String
            var database: String
            var retentionPolicy: String
            var measurement: String
            var part: Int
            var points: Int64
            var minTime: String?
            var maxTime: String?
            var rawBytes: Int64
            var compressedBytes: Int64
            var sha256: String
        }
        var archives: [Archive]
        var measurements: [Row]
        var segments: [Segment]?

        init(_ links: [LoadedArchive], segments: Bool) {
            archives = links.map { link -> Archive in
                let (name, m) = (link.name, link.manifest)
                return Archive(
                    name: name, complete: m.complete, createdAt: m.createdAt, tool: "\(m.tool.name) \(m.tool.version)",
                    server: m.server.url,
                    serverVersion: m.server.version, job: m.job, parent: m.parent?.path, segments: m.segments.count, points: m.totalPoints,
                    rawBytes: m.totalRawBytes, compressedBytes: m.totalCompressedBytes, findings: m.findings)
            }
            measurements = InspectCommand.rows(links)
            self.segments =
                !segments
                ? nil
                : links.flatMap { link -> [Segment] in
                    link.manifest.segments.map { s in
                        Segment(
                            archive: link.name, path: s.path, database: s.database, retentionPolicy: s.retentionPolicy,
                            measurement: s.measurement,
                            part: s.part, points: s.points, minTime: s.points > 0 ? Timestamp.format(s.minTime) : nil,
                            maxTime: s.points > 0 ? Timestamp.format(s.maxTime) : nil, rawBytes: s.rawBytes,
                            compressedBytes: s.compressedBytes, sha256: s.sha256)
                    }
                }
        }
    }

    /// One row of the table: a database / RP / measurement over every link.
    struct Row: Encodable {
        var database: String
        var retentionPolicy: String
        var measurement: String
        var segments = 0
        var points: Int64 = 0
        /// Distinct series: exact for one archive; for a chain, the largest link's count (a
        /// lower bound). Nil when a link did not count them.
        var series: Int64?
        var seriesIsLowerBound = false
        /// A link's count is a HyperLogLog estimate (shown `~N`).
        var seriesEstimated = false
        var from: String?
        var to: String?
        var rawBytes: Int64 = 0
        var compressedBytes: Int64 = 0
    }

    /// Per database / RP / measurement, sorted.
    static func rows(_ links: [LoadedArchive]) -> [Row] {
        struct Key: Hashable, Comparable {
            var db: String, rp: String, m: String
            static func < (a: Key, b: Key) -> Bool { (a.db, a.rp, a.m) < (b.db, b.rp, b.m) }
        }
        var rows: [Key: Row] = [:]
        var times: [Key: (min: Int64, max: Int64)] = [:]
        var seriesPerLink: [Key: [(count: Int64?, estimated: Bool)]] = [:]
        for m in links.map(\.manifest) {
            for s in m.segments {
                let k = Key(db: s.database, rp: s.retentionPolicy, m: s.measurement)
                var r = rows[k] ?? Row(database: s.database, retentionPolicy: s.retentionPolicy, measurement: s.measurement)
                r.segments += 1; r.points += s.points; r.rawBytes += s.rawBytes; r.compressedBytes += s.compressedBytes
                rows[k] = r
                if s.points > 0 {
                    let t = times[k] ?? (.max, .min)
                    times[k] = (min(t.min, s.minTime), max(t.max, s.maxTime))
                }
            }
            for db in m.databases {
                for rp in db.retentionPolicies {
                    for meas in rp.measurements {
                        seriesPerLink[Key(db: db.name, rp: rp.name, m: meas.name), default: []].append(
                            (meas.series, meas.seriesEstimated == true))
                    }
                }
            }
        }
        for (k, t) in times {
            rows[k]!.from = Timestamp.format(t.min)
            rows[k]!.to = Timestamp.format(t.max)
        }
        for k in rows.keys {
            let counts = seriesPerLink[k] ?? []
            guard !counts.isEmpty, !counts.contains(where: { $0.count == nil }) else { continue }
            let largest = counts.max { $0.count! < $1.count! }!
            rows[k]!.series = largest.count
            rows[k]!.seriesEstimated = largest.estimated
            rows[k]!.seriesIsLowerBound = counts.count > 1
        }
        return rows.keys.sorted().map { rows[$0]! }
    }

    static func render(_ links: [LoadedArchive], segments: Bool) -> String {
        var out: [String] = []
        for (name, m) in links.map({ ($0.name, $0.manifest) }) {
            let state = m.complete ? "complete" : "INCOMPLETE"
            let origin =
                m.source.map { "the influxd backup -portable \($0.path) taken \($0.takenAt)" }
                ?? "\(m.server.url) (InfluxDB \(m.server.version))"
            out.append(
                "\(name): \(state), \(m.segments.count) segments, \(m.totalPoints) points, written \(m.createdAt) by \(m.tool.name) \(m.tool.version) from \(origin)"
                    + (m.job.map { ", job \($0)" } ?? "") + (m.parent.map { ", continues \($0.path)" } ?? ""))
            for note in m.notes ?? [] where m.source != nil { out.append("  note: \(note)") }
            for f in m.findings { out.append("  finding: \(f)") }
        }
        func ratio(_ raw: Int64, _ compressed: Int64) -> String {
            compressed == 0 ? "-" : String(format: "%.1fx", Double(raw) / Double(compressed))
        }
        let measured = Self.rows(links)
        var rows = [
            ["database", "retention", "measurement", "segments", "points", "series", "from", "to", "line protocol", "compressed", "ratio"]
        ]
        for r in measured {
            let series = r.series.map { (r.seriesIsLowerBound ? ">=" : "") + (r.seriesEstimated ? "~" : "") + "\($0)" } ?? "-"
            rows.append([
                r.database, r.retentionPolicy, r.measurement, "\(r.segments)", "\(r.points)", series, r.from ?? "-", r.to ?? "-",
                formatBytes(r.rawBytes), formatBytes(r.compressedBytes), ratio(r.rawBytes, r.compressedBytes),
            ])
        }
        let raw = measured.reduce(0) { $0 + $1.rawBytes }, compressed = measured.reduce(0) { $0 + $1.compressedBytes }
        rows.append([
            "total", "", "", "\(measured.reduce(0) { $0 + $1.segments })", "\(measured.reduce(0) { $0 + $1.points })", "", "", "",
            formatBytes(raw), formatBytes(compressed), ratio(raw, compressed),
        ])
        out.append("")
        out.append(table(rows, right: [3, 4, 5, 8, 9, 10]))
        if segments {
            var seg = [["archive", "segment", "database", "retention", "measurement", "window", "part", "points", "compressed"]]
            for (name, m) in links.map({ ($0.name, $0.manifest) }) {
                for s in m.segments {
                    let window =
                        "[\(s.windowStart == .min ? "start" : Timestamp.format(s.windowStart)), \(s.windowEnd == .max ? "end" : Timestamp.format(s.windowEnd)))"
                    seg.append([
                        name, s.path, s.database, s.retentionPolicy, s.measurement, window, "\(s.part)", "\(s.points)",
                        formatBytes(s.compressedBytes),
                    ])
                }
            }
            out.append("")
            out.append(table(seg, right: [6, 7, 8]))
        }
        return out.joined(separator: "\n")
    }
}
