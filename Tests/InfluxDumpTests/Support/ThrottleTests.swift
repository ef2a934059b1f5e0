import XCTest

@testable import Support

final class ThrottleTests: XCTestCase {
    /// A clock that only moves when the throttle sleeps (or the test says so).
    final class FakeClock: @unchecked Sendable {
        var now = 1000.0
        var slept: [Double] = []
    }

    func make(points: Double?, bytes: Double?, clock: FakeClock) -> Throttle {
        Throttle(
            pointsPerSecond: points, bytesPerSecond: bytes, burst: 1, clock: { clock.now },
            sleep: {
                clock.slept.append($0); clock.now += $0
            })
    }

    func testSustainedRateIsTheLimit() {
        let clock = FakeClock()
        let t = make(points: 1000, bytes: nil, clock: clock)
        let start = clock.now
        for _ in 0..<100 { t.consume(points: 500, bytes: 0) }  // 50,000 points
        // 50 s of work at 1,000 points/s, minus the one second of credit the idle start earns.
        XCTAssertEqual(clock.now - start, 49, accuracy: 1e-9)
    }

    func testTheStricterLimitWins() {
        let clock = FakeClock()
        let t = make(points: 1000, bytes: 1000, clock: clock)
        let start = clock.now
        t.consume(points: 1, bytes: 11_000)  // bytes: 11 s; points: 1 ms
        XCTAssertEqual(clock.now - start, 10, accuracy: 1e-9)
    }

    func testIdleTimeEarnsAtMostTheBurst() {
        let clock = FakeClock()
        let t = make(points: 100, bytes: nil, clock: clock)
        clock.now += 3600  // an hour idle
        t.consume(points: 100, bytes: 0)  // 1 s of credit covers it
        XCTAssertEqual(clock.slept, [])
        t.consume(points: 100, bytes: 0)
        XCTAssertEqual(clock.slept, [1.0], "no flood after a pause: the next batch waits")
    }

    func testNoLimitsMeansNoThrottle() {
        XCTAssertNil(Throttle(pointsPerSecond: nil, bytesPerSecond: nil))
    }
}
