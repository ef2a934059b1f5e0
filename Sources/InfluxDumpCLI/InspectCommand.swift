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

    @Flag(help: "List every segment file too.")
    var segments = false

    func run() throws {
        var links: [(name: String, manifest: Manifest)] = []
        if FileManager.default.fileExists(atPath: archive + "/" + Manifest.fileName) {
            links = [((archive as NSString).lastPathComponent, try DirectoryArchiveReader.loadManifest(root: archive))]
        } else {
            let chain = try ArchiveFolder.chain(ArchiveFolder(root: archive).archives().map { archive + "/" + $0.name })
            links = try chain.map { (($0 as NSString).lastPathComponent, try DirectoryArchiveReader.loadManifest(root: $0)) }
            if links.isEmpty { _ = try DirectoryArchiveReader.loadManifest(root: archive) } // the precise error
        }
        print(Self.render(links, segments: segments))
    }

    static func render(_ links: [(name: String, manifest: Manifest)], segments: Bool) -> String {
        var out: [String] = []
        for (name, m) in links {
            let state = m.complete ? "complete" : "INCOMPLETE"
            out.append("\(name): \(state), \(m.segments.count) segments, \(m.totalPoints) points, written \(m.createdAt) by \(m.tool.name) \(m.tool.version) from \(m.server.url) (InfluxDB \(m.server.version))"
                       + (m.job.map { ", job \($0)" } ?? "") + (m.parent.map { ", continues \($0.path)" } ?? ""))
            for f in m.findings { out.append("  finding: \(f)") }
        }
        struct Key: Hashable, Comparable {
            var db: String, rp: String, m: String
            static func < (a: Key, b: Key) -> Bool { (a.db, a.rp, a.m) < (b.db, b.rp, b.m) }
        }
        var totals: [Key: (segments: Int, points: Int64, min: Int64, max: Int64, raw: Int64, compressed: Int64)] = [:]
        for (_, m) in links {
            for s in m.segments {
                let k = Key(db: s.database, rp: s.retentionPolicy, m: s.measurement)
                var t = totals[k] ?? (0, 0, .max, .min, 0, 0)
                t.segments += 1; t.points += s.points; t.raw += s.rawBytes; t.compressed += s.compressedBytes
                if s.points > 0 { t.min = min(t.min, s.minTime); t.max = max(t.max, s.maxTime) }
                totals[k] = t
            }
        }
        func ratio(_ raw: Int64, _ compressed: Int64) -> String { compressed == 0 ? "-" : String(format: "%.1fx", Double(raw) / Double(compressed)) }
        var rows = [["database", "retention", "measurement", "segments", "points", "from", "to", "line protocol", "compressed", "ratio"]]
        for k in totals.keys.sorted() {
            let t = totals[k]!
            rows.append([k.db, k.rp, k.m, "\(t.segments)", "\(t.points)", t.points > 0 ? Timestamp.format(t.min) : "-", t.points > 0 ? Timestamp.format(t.max) : "-",
                         formatBytes(t.raw), formatBytes(t.compressed), ratio(t.raw, t.compressed)])
        }
        let all = totals.values
        rows.append(["total", "", "", "\(all.reduce(0) { $0 + $1.segments })", "\(all.reduce(0) { $0 + $1.points })", "", "",
                     formatBytes(all.reduce(0) { $0 + $1.raw }), formatBytes(all.reduce(0) { $0 + $1.compressed }),
                     ratio(all.reduce(0) { $0 + $1.raw }, all.reduce(0) { $0 + $1.compressed })])
        out.append("")
        out.append(table(rows, right: [3, 4, 7, 8, 9]))
        if segments {
            var seg = [["archive", "segment", "database", "retention", "measurement", "window", "part", "points", "compressed"]]
            for (name, m) in links {
                for s in m.segments {
                    let window = "[\(s.windowStart == .min ? "start" : Timestamp.format(s.windowStart)), \(s.windowEnd == .max ? "end" : Timestamp.format(s.windowEnd)))"
                    seg.append([name, s.path, s.database, s.retentionPolicy, s.measurement, window, "\(s.part)", "\(s.points)", formatBytes(s.compressedBytes)])
                }
            }
            out.append("")
            out.append(table(seg, right: [6, 7, 8]))
        }
        return out.joined(separator: "\n")
    }
}
