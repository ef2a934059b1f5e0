import Foundation
import XCTest

/// A real, throwaway Prometheus Pushgateway on a free loopback port, started by
/// scripts/pushgateway-local.sh with its own folder, stopped by PID.
final class TestPushgateway {
    let directory: String
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("influxdump-pgw-\(UUID().uuidString)").path
        let out = try Shell.run(TestServer.repositoryRoot + "/scripts/pushgateway-local.sh", ["start", directory, "0"])
        guard out.status == 0, let p = Int(out.stdout.split(separator: " ").first ?? "") else {
            throw NSError(
                domain: "TestPushgateway", code: 1, userInfo: [NSLocalizedDescriptionKey: "pushgateway did not start: \(out.stderr)"])
        }
        port = p
    }

    func destroy() {
        _ = try? Shell.run(TestServer.repositoryRoot + "/scripts/pushgateway-local.sh", ["stop", directory])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The scraped `/metrics` page: each sample line as `name{labels}` → value text.
    func scrape() throws -> [String: String] {
        let out = try Shell.run("/usr/bin/env", ["curl", "-sf", url + "/metrics"])
        guard out.status == 0 else {
            throw NSError(domain: "TestPushgateway", code: 2, userInfo: [NSLocalizedDescriptionKey: "scrape failed: \(out.stderr)"])
        }
        var samples: [String: String] = [:]
        for line in out.stdout.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            samples[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return samples
    }

    /// The value of `name` in the group job/database/operation, as a number (nil: absent).
    static func value(_ samples: [String: String], _ name: String, job: String, database: String, operation: String) -> Double? {
        samples["\(name){database=\"\(database)\",instance=\"\",job=\"\(job)\",operation=\"\(operation)\"}"].flatMap(Double.init)
    }
}
