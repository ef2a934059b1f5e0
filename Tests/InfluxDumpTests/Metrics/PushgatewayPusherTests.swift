import Foundation
import XCTest

@testable import Metrics

final class PushgatewayPusherTests: XCTestCase {
    func testPathSegmentEncoding() {
        // (value, segment for the label "database"); base64 is RFC 4648 §5 (URL-safe) with padding.
        let table: [(String, String)] = [
            ("telegraf", "/database/telegraf"),
            ("a.b_c-d~9", "/database/a.b_c-d~9"),
            ("", "/database@base64/="),
            ("a/b", "/database@base64/YS9i"),
            ("/", "/database@base64/Lw=="),
            (".", "/database@base64/Lg=="),
            ("..", "/database@base64/Li4="),
            ("with space", "/database@base64/d2l0aCBzcGFjZQ=="),
            ("??>", "/database@base64/Pz8-"),  // standard base64 "Pz8+"
            ("???", "/database@base64/Pz8_"),  // standard base64 "Pz8/"
            ("é", "/database@base64/w6k="),
            ("a%2Fb", "/database@base64/YSUyRmI="),
        ]
        for (value, expected) in table {
            XCTAssertEqual(PushgatewayPusher.pathSegment(name: "database", value: value), expected, value)
        }
    }

    func testGroupingPath() {
        let finished = Date(timeIntervalSince1970: 0)
        let job = RunMetrics(operation: .job, job: "nightly", database: "telegraf", seconds: 1, succeeded: true, finishedAt: finished)
        XCTAssertEqual(PushgatewayPusher.groupingPath(job), "/metrics/job/nightly/database/telegraf/operation/job")
        let plain = RunMetrics(operation: .restore, job: nil, database: "", seconds: 1, succeeded: false, finishedAt: finished)
        XCTAssertEqual(PushgatewayPusher.groupingPath(plain), "/metrics/job/influxdump/database@base64/=/operation/restore")
    }

    func testTrailingSlashesAreDropped() throws {
        XCTAssertEqual(try PushgatewayPusher(url: "http://127.0.0.1:9091//").url, "http://127.0.0.1:9091")
    }

    func testUnreachableGatewayIsAPushFailureWithoutCredentials() throws {
        // Port 1 on loopback: refused at once.
        let pusher = try PushgatewayPusher(url: "http://user:secret@127.0.0.1:1", connectTimeout: 2)
        let run = RunMetrics(operation: .dump, job: "j", database: "db", seconds: 1, succeeded: true, finishedAt: Date())
        XCTAssertThrowsError(try pusher.push(run)) { error in
            guard case MetricsError.pushFailed(let url, _)? = error as? MetricsError else { return XCTFail("\(error)") }
            XCTAssertEqual(url, "http://***@127.0.0.1:1/metrics/job/j/database/db/operation/dump")
            XCTAssertFalse("\(error)".contains("secret"))
        }
    }
}
