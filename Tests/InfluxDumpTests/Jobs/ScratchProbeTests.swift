import Foundation
import XCTest
@testable import InfluxDump

final class ScratchProbeTests: XCTestCase {
    func f(_ d: Date?) -> String { d.map { ISO8601DateFormatter().string(from: $0) } ?? "nil" }
    func testStepDays() throws {
        let t = Date(timeIntervalSince1970: 1_772_323_200) // 2026-03-01T00:00Z
        print("PROBE */2 dom:", f(try CronExpression("0 0 */2 * *").next(after: t)))
        print("PROBE */2 dow:", f(try CronExpression("0 0 * * */2").next(after: t)))
        print("PROBE 1 */2:", f(try CronExpression("0 0 1 * */3").next(after: t)))
    }
    func testName() throws {
        let dir = try TempDirectory(); defer { dir.remove() }
        let p = dir.file("x.yaml")
        try Data("name: \"..\"\nsource:\n  url: http://a:8086\n  databases: [db]\ntarget:\n  archive:\n    path: /b\nmode: range\n".utf8).write(to: URL(fileURLWithPath: p))
        do { print("PROBE name:", try JobConfigLoader.load(file: p, environment: [:]).name) } catch { print("PROBE name error", error) }
    }
    func testSizeOverflow() throws {
        let dir = try TempDirectory(); defer { dir.remove() }
        let p = dir.file("x.yaml")
        try Data("source:\n  url: http://a:8086\n  databases: [db]\ntarget:\n  archive:\n    path: /b\nmode: range\nlogging:\n  file: /tmp/x\n  rotate:\n    size: 99999999999GiB\n".utf8).write(to: URL(fileURLWithPath: p))
        do { print("PROBE size:", try JobConfigLoader.load(file: p, environment: [:]).logging.rotation as Any) } catch { print("PROBE size error", error) }
    }
    func testFallBack() throws {
        let paris = TimeZone(identifier: "Europe/Paris")!
        let t = Date(timeIntervalSince1970: 1_792_843_200) // 2026-10-24T12:00Z
        print("PROBE start fallback")
        print("PROBE fallback:", f(try CronExpression("0 3 * * *").next(after: t, in: paris)))
    }
    func testSpring() throws {
        let paris = TimeZone(identifier: "Europe/Paris")!
        let t = Date(timeIntervalSince1970: 1_774_699_200) // 2026-03-28T12:00Z
        print("PROBE spring:", f(try CronExpression("30 2 * * *").next(after: t, in: paris)))
        print("PROBE spring 3:", f(try CronExpression("0 3 * * *").next(after: t, in: paris)))
    }
}
