import Foundation
import InfluxDump
import XCTest

/// The job files shipped in config/ stay valid.
final class ConfigExamplesTests: XCTestCase {
    static let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config").path

    func testEveryExampleAndTheTemplateLoad() throws {
        let files = try JobConfigLoader.discover(Self.config)
        XCTAssertGreaterThanOrEqual(files.count, 3)
        XCTAssertFalse(files.contains { $0.hasSuffix(".template.yaml") })
        for file in files + [Self.config + "/backup.template.yaml"] {
            XCTAssertNoThrow(try JobConfigLoader.load(file: file, environment: ["INFLUX_PASSWORD": "x"]), file)
        }
        let template = try JobConfigLoader.load(file: Self.config + "/backup.template.yaml", environment: ["INFLUX_PASSWORD": "x"])
        XCTAssertEqual(template.name, "example")
        XCTAssertTrue(template.isScheduled)
    }
}
