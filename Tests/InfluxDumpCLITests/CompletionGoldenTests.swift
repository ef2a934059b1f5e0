import Foundation
import XCTest

@testable import InfluxDumpCLI

/// The committed shell completions and man page (share/) must describe the current CLI.
/// Completions are compared byte for byte with what `influxdump --generate-completion-script SHELL`
/// prints; rewrite them with `UPDATE_GOLDEN=1 swift test --filter CompletionGoldenTests` (or
/// scripts/gen-docs.sh, which also regenerates the man page) and review the diff.
final class CompletionGoldenTests: XCTestCase {
    static let share = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("share")

    func testCompletionScriptsAreCurrent() throws {
        for (shell, name) in [("bash", "influxdump.bash"), ("zsh", "_influxdump"), ("fish", "influxdump.fish")] {
            let (status, script) = Entrypoint.execute(["--generate-completion-script", shell])
            XCTAssertEqual(status, .success, shell)
            // The binary prints the script with print(), which adds the final line feed.
            let text = (script ?? "") + "\n"
            XCTAssertTrue(text.contains("influxdump") && text.contains("database"), "\(shell) script looks empty")
            let url = Self.share.appendingPathComponent("completions").appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let committed = try String(contentsOf: url, encoding: .utf8)
            if text != committed {
                // Name the first differing line rather than printing two whole scripts.
                let (new, old) = (
                    text.split(separator: "\n", omittingEmptySubsequences: false),
                    committed.split(separator: "\n", omittingEmptySubsequences: false)
                )
                let line = Array(zip(new, old)).firstIndex(where: { $0 != $1 }) ?? min(new.count, old.count)
                XCTFail(
                    "share/completions/\(name) is stale (first difference at line \(line + 1)); run scripts/gen-docs.sh (or UPDATE_GOLDEN=1) and review"
                )
            }
        }
    }

    /// The man page needs the generate-manual plugin (scripts/gen-docs.sh), so it is not rewritten
    /// here; this catches a page that misses a subcommand or an option added since.
    func testManPageNamesEveryCommandAndOption() throws {
        let page = try String(contentsOf: Self.share.appendingPathComponent("man/influxdump.1"), encoding: .utf8)
        let (status, json) = Entrypoint.execute(["--experimental-dump-help"])
        XCTAssertEqual(status, .success)
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data((json ?? "").utf8)) as? [String: Any])
        // Option lines read `.It Fl u , -username Ar user`; subcommands `.It Em "inspect, ls"`.
        let lines = page.split(separator: "\n")
        let optionWords = Set(lines.filter { $0.hasPrefix(".It Fl ") }.flatMap { $0.split(separator: " ").map(String.init) })
        let subcommands = Set(
            lines.filter { $0.hasPrefix(".It Em ") }.compactMap {
                $0.dropFirst(7).split(whereSeparator: { " \",".contains($0) }).first.map(String.init)
            })
        var missing: [String] = []
        func walk(_ command: [String: Any], top: Bool) {
            let name = command["commandName"] as? String ?? "?"
            if !top && !subcommands.contains(name) { missing.append("subcommand \(name)") }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for n in argument["names"] as? [[String: Any]] ?? [] where n["kind"] as? String == "long" {
                    if let long = n["name"] as? String, !optionWords.contains("-\(long)") { missing.append("\(name) --\(long)") }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, top: false) }
        }
        walk(try XCTUnwrap(root["command"] as? [String: Any]), top: true)
        XCTAssertEqual(missing, [], "share/man/influxdump.1 is stale; run scripts/gen-docs.sh and review")
    }
}
