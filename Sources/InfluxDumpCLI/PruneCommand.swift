import ArgumentParser
import Foundation
import InfluxDump

struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove old archives of a job's archive folder, never breaking a chain that a kept archive needs.",
        discussion: """
            Keeps the newest --keep-last archives, the newest archive of each of the last --keep-daily \
            UTC days that have one, and every archive made within --keep-within of the newest archive \
            (not of now: a job that stopped never loses its last archives to time alone). An archive \
            kept for any reason keeps the archives its incremental chain continues; the newest archive \
            is always kept. A run directory that a dump left without a manifest (killed, failed) is \
            removed once no process holds its lock; one still being written is never touched. \
            Prints one line per archive: keep or remove, and why.

            EXAMPLES:
              influxdump prune /backups/nightly --keep-last 7 --dry-run
              influxdump prune /backups/nightly --keep-daily 14 --keep-within 48h

            \(ExitStatus.helpText)
            """)

    @Argument(help: ArgumentHelp("A job's archive folder (target.archive.path/<job name>).", valueName: "dir"))
    var folder: String

    @Option(help: ArgumentHelp("Keep the newest n archives.", valueName: "n"))
    var keepLast: Int?

    @Option(help: ArgumentHelp("Keep the newest archive of each of the last n days (UTC) that have one.", valueName: "n"))
    var keepDaily: Int?

    @Option(help: ArgumentHelp("Keep archives made within this long before the newest one, e.g. 36h or 30d.", valueName: "duration"))
    var keepWithin: String?

    @OptionGroup(title: "Object storage (s3:// folders)") var objectStorage: ObjectStorageOptions

    @OptionGroup(title: "Encryption (age)") var identityOptions: IdentityOptions

    @Flag(help: "Only say what would be removed.")
    var dryRun = false

    func run() throws {
        var policy = PrunePolicy()
        if let n = keepLast { policy.keepLast = try positive("--keep-last", n) }
        if let n = keepDaily { policy.keepDaily = try positive("--keep-daily", n) }
        if let text = keepWithin {
            guard let ns = GoDuration.parse(text), ns > 0 else {
                throw UsageError("--keep-within \"\(text)\": expected a duration such as 36h or 30d")
            }
            policy.keepWithin = ns
        }
        guard !policy.isEmpty else { throw UsageError("say what to keep: --keep-last, --keep-daily and/or --keep-within") }
        let store = try objectStorage.storage(keys: try identityOptions.keys()).store(for: folder)
        if store is DirectoryStore {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
                throw UsageError("\(folder): no such directory")
            }
        }
        if try ArchiveEncryption.hasManifest(store) {
            throw UsageError("\(folder) is one archive; give the job's archive folder that holds the archives")
        }
        let archiveFolder = ArchiveFolder(store: store)
        let decisions = try archiveFolder.prune(policy, dryRun: dryRun)
        let unfinished = try archiveFolder.removeUnfinishedRuns(dryRun: dryRun)
        guard !decisions.isEmpty || !unfinished.removed.isEmpty || !unfinished.inUse.isEmpty else {
            throw UsageError("\(folder): no complete archives")
        }
        let removed = decisions.filter { !$0.keep }.count
        let removedWord = dryRun ? "would remove" : "removed"
        print(
            table(
                decisions.map { d in
                    [d.keep ? "keep" : removedWord, d.name, d.keep ? d.reasons.joined(separator: ", ") : "no rule keeps it"]
                } + unfinished.removed.map { [removedWord, $0, "unfinished run (no manifest); no process holds its lock"] }
                    + unfinished.inUse.map { ["keep", $0, "unfinished run in use (a process holds its lock)"] }))
        let chainOnly = decisions.filter { $0.keep && $0.reasons.allSatisfy { $0.hasPrefix("chain of ") } }.count
        if chainOnly > 0 {
            Console.say(
                "\(chainOnly) archive(s) are kept only because a kept archive continues them; a job's folder of incremental archives is one chain unless the job has target.archive.full_every (a new full archive now and then)"
            )
        }
        let runs = unfinished.removed.isEmpty ? "" : " and \(unfinished.removed.count) unfinished run(s)"
        print("\(removedWord) \(removed) of \(decisions.count) archive(s)\(runs) in \(folder)")
    }
}
