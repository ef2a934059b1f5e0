import XCTest

@testable import InfluxAPI
@testable import Support

final class RetryPolicyTests: XCTestCase {
    func testDelayFollowsTheDocumentedFormula() {
        let p = RetryPolicy(maxRetries: 10, base: 0.5, cap: 30)
        // min(cap, base × 2^(n−1)) × (0.5 + 0.5 × r)
        XCTAssertEqual(p.delay(forRetry: 1, random: 0), 0.25)
        XCTAssertEqual(p.delay(forRetry: 1, random: 1), 0.5)
        XCTAssertEqual(p.delay(forRetry: 4, random: 0), 2.0)
        XCTAssertEqual(p.delay(forRetry: 4, random: 0.5), 3.0)
        XCTAssertEqual(p.delay(forRetry: 7, random: 1), 30)  // 32 capped
        XCTAssertEqual(p.delay(forRetry: 50, random: 0), 15)
    }

    struct Flaky: Error { var transient: Bool }

    func testRetriesOnlyTransientErrorsUpToTheLimit() throws {
        let p = RetryPolicy(maxRetries: 3, base: 0.001, cap: 0.001)
        var calls = 0
        XCTAssertThrowsError(
            try p.run(isTransient: { ($0 as? Flaky)?.transient ?? false }) { () throws -> Int in
                calls += 1; throw Flaky(transient: true)
            })
        XCTAssertEqual(calls, 4, "one try and three retries")

        calls = 0
        XCTAssertThrowsError(
            try p.run(isTransient: { ($0 as? Flaky)?.transient ?? false }) { () throws -> Int in
                calls += 1; throw Flaky(transient: false)
            })
        XCTAssertEqual(calls, 1, "a permanent error is not retried")

        calls = 0
        var heard: [Int] = []
        let value = try p.run(isTransient: { _ in true }, onRetry: { n, _, _ in heard.append(n) }) { () throws -> Int in
            calls += 1
            if calls < 3 { throw Flaky(transient: true) }
            return 42
        }
        XCTAssertEqual(value, 42)
        XCTAssertEqual(heard, [1, 2])
    }

    func testClientErrorsSayWhetherTheyAreTransient() {
        XCTAssertTrue(InfluxClientError.transport(url: "u", curlCode: 7, message: "refused").isTransient)
        XCTAssertTrue(InfluxClientError.http(url: "u", status: 503, message: "").isTransient)
        XCTAssertTrue(InfluxClientError.http(url: "u", status: 429, message: "").isTransient)
        XCTAssertTrue(InfluxClientError.truncatedResponse(query: "q").isTransient)
        XCTAssertFalse(InfluxClientError.http(url: "u", status: 401, message: "").isTransient)
        XCTAssertFalse(InfluxClientError.http(url: "u", status: 404, message: "").isTransient)
        XCTAssertFalse(InfluxClientError.partialWrite(database: "d", dropped: 1, message: "").isTransient)
        XCTAssertFalse(InfluxClientError.statement(query: "q", message: "database not found").isTransient)
        XCTAssertTrue(InfluxClientError.statement(query: "q", message: "query engine shutdown").isTransient)
    }
}
