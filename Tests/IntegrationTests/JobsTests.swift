import Foundation
import InfluxDump
import Logging
import XCTest

/// `run` jobs against a real server: range and incremental, archive and server targets,
/// filters, watermarks with lookback, chain restore.
final class JobsTests: XCTestCase {
    var server: TestServer!
    var work: String!
    let t0: Int64 = 1_767_225_600_000_000_000  // 2026-01-01T00:00:00Z
    let second: Int64 = 1_000_000_000

    override func setUpWithError() throws {
        server = try TestServer()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-jobs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work + "/config", withIntermediateDirectories: true)
        try server.execute("CREATE DATABASE src")
        try write(from: 0, count: 100)
    }

    override func tearDown() {
        server?.destroy()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    /// Points i in [from, from+count): cpu (float+int), mem (int), events (string+bool), one per 10 s.
    func write(from: Int, count: Int) throws {
        var lp = ""
        for i in from..<(from + count) {
            let t = t0 + Int64(i) * 10 * second
            lp += "cpu,host=h\(i % 3) usage=\(Double(i) + 0.5),cores=\(i % 8)i \(t)\n"
            lp += "mem,host=h\(i % 3) used=\(i * 1000)i \(t)\n"
            if i % 5 == 0 { lp += "events,kind=deploy msg=\"v\(i) \\\"q\\\"\",ok=\(i % 2 == 0) \(t)\n" }
        }
        try server.write("src", Array(lp.utf8))
    }

    func job(_ name: String, _ body: String) throws -> String {
        let path = work + "/config/\(name).yaml"
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var logger: Logger { var l = Logger(label: "jobs-test"); l.logLevel = .warning; return l }

    func runJob(_ file: String, now: Date = Date()) throws -> JobResult {
        let config = try JobConfigLoader.load(file: file)
        return JobRunner(job: config, logger: logger, cancellation: Cancellation()).run(now: now)
    }

    /// Every point of an archive: "measurement time" strings.
    func points(in archive: String) throws -> [String] {
        let manifest = try StoredArchiveReader.loadManifest(root: archive)
        var out: [String] = []
        for s in manifest.segments {
            let raw = MemorySink()
            let z = try ZstdDecompressor(next: raw)
            try FileSource.read(archive + "/" + s.path) { try z.write($0) }
            try z.finish()
            var scanner = LineProtocolScanner()
            var start = 0
            try raw.bytes.withUnsafeBytes { buf in
                try scanner.scan(buf) { i in
                    let p = try LineProtocolParser.parse(UnsafeRawBufferPointer(rebasing: buf[start..<i]))
                    out.append("\(String(decoding: p.measurement, as: UTF8.self)) \(p.time ?? -1)")
                    start = i + 1
                }
            }
        }
        return out.sorted()
    }

    func testTwoJobsRunInParallelFromTheCommandLine() throws {
        _ = try job(
            "range",
            """
            name: range-job
            source: {url: \(server.url), databases: [src]}
            target: {archive: {path: \(work!)/archives}}
            mode: range
            start: 2026-01-01T00:00:00Z
            end: 2026-01-02T00:00:00Z
            """)
        _ = try job(
            "copy",
            """
            name: copy-job
            source:
              url: \(server.url)
              databases:
                - name: src
                  destination: copy
            target:
              server: {url: \(server.url)}
            mode: incremental
            fallback_days: 0
            options: {validate: true}
            """)
        try "not: [valid".write(toFile: work + "/config/broken.yaml", atomically: true, encoding: .utf8)
        try "name: ignored".write(toFile: work + "/config/skeleton.template.yaml", atomically: true, encoding: .utf8)
        let out = try Shell.run(TestServer.executable, ["run", work + "/config", "--once", "-q"])
        XCTAssertEqual(out.status, 2, "a broken file makes the run exit 2 after the good jobs ran: \(out.stderr)")
        XCTAssertTrue(out.stderr.contains("\(work!)/config/broken.yaml:2:1: invalid YAML:"), out.stderr)
        XCTAssertFalse(out.stderr.contains("skeleton"), "template files are not jobs")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("copy-job") && $0.contains(" ok ") && $0.contains(" 220 ") }, out.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("range-job") && $0.contains(" ok ") && $0.contains(" 220 ") }, out.stdout)
        let archives = try FileManager.default.contentsOfDirectory(atPath: work + "/archives/range-job")
        XCTAssertEqual(archives.count, 1)
        XCTAssertTrue(try ArchiveVerifier(root: work + "/archives/range-job/" + archives[0]).run().ok)
        let diff = try DatabaseComparator(source: server.client(), sourceDB: "src", destination: server.client(), destinationDB: "copy")
            .compare()
        XCTAssertEqual(diff.differences.map(\.what), [])
    }

    func testIncrementalArchivesPickUpNewAndLatePointsAndTheChainRestoresTheSource() throws {
        let file = try job(
            "incr",
            """
            name: incr
            source: {url: \(server.url), databases: [{name: src, destination: src_copy}]}
            target: {archive: {path: \(work!)/archives}}
            mode: incremental
            fallback_days: 0
            lookback: 5m
            """)
        let first = try runJob(file, now: Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertEqual(first.status, .succeeded)
        XCTAssertEqual(first.points, 220)
        let manifestA = try StoredArchiveReader.loadManifest(root: try XCTUnwrap(first.archive))
        let cpuMark = try XCTUnwrap(manifestA.watermarks?.first { $0.measurement == "cpu" })
        XCTAssertEqual(cpuMark.time, t0 + 990 * second)

        // New points after the watermark, and a late point inside the 5-minute lookback.
        try write(from: 100, count: 10)
        try server.write("src", Array("cpu,host=late usage=9.5,cores=1i \(t0 + 900 * second)\n".utf8))
        let second = try runJob(file, now: Date(timeIntervalSince1970: 1_800_000_100))
        XCTAssertEqual(second.status, .succeeded)
        let b = try XCTUnwrap(second.archive)
        let manifestB = try StoredArchiveReader.loadManifest(root: b)
        XCTAssertEqual(manifestB.parent?.path, (try XCTUnwrap(first.archive) as NSString).lastPathComponent)
        XCTAssertEqual(manifestB.parameters.destinations, ["src": "src_copy"])
        let schema = try Shell.validateManifest(b + "/manifest.json")
        XCTAssertEqual(schema.status, 0, "a job's manifest (parent, watermarks, destinations) follows the schema: \(schema.stderr)")

        // Exactly the points at or after each measurement's own watermark − lookback (cpu and
        // mem: 990 s − 300 s; events, every 50 s: 950 s − 300 s), nothing older.
        let lower = t0 + 990 * self.second - 300 * self.second
        let eventsLower = t0 + 950 * self.second - 300 * self.second
        var expected: [String] = []
        for i in 0..<110 {
            let t = t0 + Int64(i) * 10 * self.second
            if t >= lower { expected += ["cpu \(t)", "mem \(t)"] }
            if i % 5 == 0 && t >= eventsLower { expected.append("events \(t)") }
        }
        expected.append("cpu \(t0 + 900 * self.second)")  // the late one (host=late)
        XCTAssertEqual(try points(in: b), expected.sorted())

        // The whole job folder restores as a chain, base first, into a copy equal to the source.
        let restore = try Shell.run(
            TestServer.executable, ["restore", "--host", server.url, "-i", work + "/archives/incr", "--database-map", "src=chain", "-q"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        let diff = try DatabaseComparator(source: server.client(), sourceDB: "src", destination: server.client(), destinationDB: "chain")
            .compare()
        XCTAssertEqual(diff.differences.map(\.what), [])
    }

    /// `full_every` starts a new chain once the base is that old, so `keep_last` can remove the
    /// old chain whole; without it, the chain keeps everything (and the loader warns).
    func testFullEveryStartsANewChainThatPruningCanThenShorten() throws {
        let file = try job(
            "cycle",
            """
            name: cycle
            source: {url: \(server.url), databases: [src]}
            target: {archive: {path: \(work!)/archives, keep_last: 1, full_every: 2h}}
            mode: incremental
            fallback_days: 0
            """)
        let t = 1_800_000_000.0
        let base = try runJob(file, now: Date(timeIntervalSince1970: t))
        try write(from: 100, count: 10)
        let increment = try runJob(file, now: Date(timeIntervalSince1970: t + 3_600))
        XCTAssertEqual(increment.points, 25, "an hour later: from each watermark on (cpu and mem: 11 each; events: 3)")
        XCTAssertEqual(
            try StoredArchiveReader.loadManifest(root: try XCTUnwrap(increment.archive)).parent?.path,
            (try XCTUnwrap(base.archive) as NSString).lastPathComponent)
        var names = try ArchiveFolder(root: work + "/archives/cycle").archives().map(\.name)
        XCTAssertEqual(names.count, 2, "keep_last 1 keeps the increment's whole chain")

        let full = try runJob(file, now: Date(timeIntervalSince1970: t + 3 * 3_600))
        XCTAssertEqual(full.status, .succeeded)
        XCTAssertEqual(full.points, 242, "the base is 3 h old: a full archive of every point (110 cpu, 110 mem, 22 events)")
        XCTAssertNil(try StoredArchiveReader.loadManifest(root: try XCTUnwrap(full.archive)).parent, "a new chain")
        names = try ArchiveFolder(root: work + "/archives/cycle").archives().map(\.name)
        XCTAssertEqual(names, [(try XCTUnwrap(full.archive) as NSString).lastPathComponent], "the old chain was pruned whole")

        // verify takes the job's folder: every archive in it, findings named by archive.
        let folder = work + "/archives/cycle"
        let ok = try Shell.run(TestServer.executable, ["verify", folder])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertTrue(ok.stdout.contains("ok: "), ok.stdout)
        try "stray".write(toFile: try XCTUnwrap(full.archive) + "/segments/extra.lp.zst", atomically: true, encoding: .utf8)
        let bad = try Shell.run(TestServer.executable, ["verify", folder])
        XCTAssertEqual(bad.status, 1, bad.stdout)
        XCTAssertTrue(bad.stdout.contains(names[0] + "/segments/extra.lp.zst: stray"), bad.stdout)

        let unbounded = try job(
            "forever",
            """
            name: forever
            source: {url: \(server.url), databases: [src]}
            target: {archive: {path: \(work!)/archives, keep_last: 3}}
            mode: incremental
            """)
        let warnings = try JobConfigLoader.load(file: unbounded).warnings
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings.first?.contains("an incremental job without full_every keeps one chain") == true, "\(warnings)")
    }

    func testFiltersKeepOnlyTheChosenMeasurementsFieldsAndTypes() throws {
        let file = try job(
            "filtered",
            """
            name: filtered
            source: {url: \(server.url), databases: [src]}
            target: {archive: {path: \(work!)/archives}}
            mode: range
            measurements:
              include: [/^(cpu|events)$/]
              exclude: [mem]
            fields:
              exclude: [cores]
              types: [float, boolean]
            """)
        let result = try runJob(file)
        XCTAssertEqual(result.status, .succeeded)
        let archive = try XCTUnwrap(result.archive)
        let manifest = try StoredArchiveReader.loadManifest(root: archive)
        XCTAssertEqual(Set(manifest.segments.map(\.measurement)), ["cpu", "events"])
        XCTAssertEqual(Set(manifest.segments.flatMap { $0.fields.keys }), ["usage", "ok"], "cores excluded by name, msg (string) by type")
        XCTAssertEqual(manifest.totalPoints, 100 + 20)
        XCTAssertNil(manifest.pointsWithoutFields)
        XCTAssertTrue(try ArchiveVerifier(root: archive).run().ok)

        // A filter that leaves some points without any field: they are dropped and counted.
        let onlyStrings = try job(
            "strings",
            """
            name: strings
            source: {url: \(server.url), databases: [src]}
            target: {archive: {path: \(work!)/archives}}
            mode: range
            measurements: {include: [events, cpu]}
            fields: {types: [string]}
            """)
        let r2 = try runJob(onlyStrings)
        XCTAssertEqual(r2.status, .succeeded)
        let m2 = try StoredArchiveReader.loadManifest(root: try XCTUnwrap(r2.archive))
        XCTAssertEqual(m2.totalPoints, 20)
        XCTAssertEqual(m2.pointsWithoutFields, 100, "every cpu point had no string field")
    }

    func testValidateReportsWindowsWhoseCountsDiffer() throws {
        // The destination already holds a point the source does not have, inside a copied window.
        try server.execute("CREATE DATABASE differs")
        try server.write("differs", Array("cpu,host=extra usage=0.5 \(t0 + 5 * second)\n".utf8))
        let file = try job(
            "differs",
            """
            name: differs
            source:
              url: \(server.url)
              databases: [{name: src, destination: differs}]
            target: {server: {url: \(server.url)}}
            mode: range
            options: {validate: true}
            """)
        let result = try runJob(file)
        XCTAssertTrue(result.failed, "\(result.status)")
        XCTAssertEqual(result.mismatches.count, 1, "\(result.mismatches)")
        XCTAssertTrue(result.mismatches.first?.hasPrefix("src/autogen/cpu [") == true, "\(result.mismatches)")
        XCTAssertTrue(
            result.mismatches.first?.hasSuffix("source counts cores=100 usage=100, destination cores=100 usage=101") == true,
            "\(result.mismatches)")
    }

    /// Issue 11: `options.validate` checked only copies to a server; a run to an archive is now
    /// verified against its source too (`verify --against`), link by link of a chain.
    func testValidateChecksEveryRunToAnArchiveAgainstTheSource() throws {
        let log = work + "/validate.log"
        let file = try job(
            "checked",
            """
            name: checked
            source: {url: \(server.url), databases: [src]}
            target: {archive: {path: \(work!)/archives}}
            mode: incremental
            fallback_days: 3650
            options: {validate: true}
            logging: {level: INFO, file: \(log)}
            """)
        let first = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
        XCTAssertEqual(first.status, 0, first.stderr)
        try write(from: 100, count: 10)
        let second = try Shell.run(TestServer.executable, ["run", file, "--once", "-q"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: work + "/archives/checked").filter { !$0.hasPrefix(".") }.count, 2)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "validated against the source").count - 1, 2, text)
    }

    func testObsoleteMeasurementsAndFieldsAreSkipped() throws {
        let now = Int64(Date().timeIntervalSince1970) * second
        let day = 86_400 * second
        // `cpu`, `mem`, `events` (written for 2026-01-01) are old; `fresh` has a recent field and
        // one whose last value is 60 days old.
        try server.write(
            "src", Array("fresh,host=a kept=1.5,gone=1i \(now - 60 * day)\nfresh,host=a kept=2.5 \(now - 3_600 * second)\n".utf8))
        let file = try job(
            "obsolete",
            """
            name: obsolete
            source: {url: \(server.url), databases: [src]}
            target: {archive: {path: \(work!)/archives}}
            mode: range
            options: {obsolete_after: 30d}
            """)
        let result = try runJob(file)
        XCTAssertEqual(result.status, .succeeded)
        let manifest = try StoredArchiveReader.loadManifest(root: try XCTUnwrap(result.archive))
        XCTAssertEqual(Set(manifest.segments.map(\.measurement)), ["fresh"])
        XCTAssertEqual(Set(manifest.segments.flatMap { $0.fields.keys }), ["kept"])
        XCTAssertEqual(manifest.totalPoints, 2, "both points keep their `kept` value")
    }

    func testIncrementalCopyToAServerContinuesFromTheDestinationsNewestPoint() throws {
        let file = try job(
            "live",
            """
            name: live
            source:
              url: \(server.url)
              databases: [{name: src, destination: live}]
            target: {server: {url: \(server.url)}}
            mode: incremental
            fallback_days: 0
            lookback: 1m
            options: {validate: true}
            """)
        XCTAssertEqual(try runJob(file).status, .succeeded)
        try write(from: 100, count: 50)
        let second = try runJob(file)
        XCTAssertEqual(second.status, .succeeded)
        // 50 new rounds of cpu+mem (+10 events), plus the re-read of each measurement's last minute
        // before its newest point, bounds included: cpu and mem 930…990 s (7 each), events 900 and 950 s.
        XCTAssertEqual(second.points, 110 + 14 + 2)
        let diff = try DatabaseComparator(source: server.client(), sourceDB: "src", destination: server.client(), destinationDB: "live")
            .compare()
        XCTAssertEqual(diff.differences.map(\.what), [])
    }
}
