import Foundation
import XCTest

@testable import Support

final class BackgroundWorkTests: XCTestCase {
    private struct Failure: Error, Equatable {}

    /// The body runs on a thread of its own while the caller goes on: here it waits for the
    /// caller, which would deadlock if `init` ran it in place.
    func testTheBodyRunsWhileTheCallerGoesOn() throws {
        let go = DispatchSemaphore(value: 0)
        let work = BackgroundWork<Bool> {
            go.wait()
            return Thread.isMainThread
        }
        go.signal()
        XCTAssertEqual(try work.wait().get(), false, "not on the caller's (main) thread")
    }

    func testWaitReturnsTheValueOrTheErrorAndTheSameAgain() {
        let value = BackgroundWork { 42 }
        XCTAssertEqual(try value.wait().get(), 42)
        XCTAssertEqual(try value.wait().get(), 42, "a second wait does not block")
        let failing = BackgroundWork<Int> { throw Failure() }
        XCTAssertThrowsError(try failing.wait().get()) { XCTAssertEqual($0 as? Failure, Failure()) }
        XCTAssertThrowsError(try failing.wait().get())
    }

    func testWaitBlocksUntilTheBodyHasReturned() {
        let finished = Locked(false)
        let work = BackgroundWork<Void> {
            Thread.sleep(forTimeInterval: 0.2)
            finished.with { $0 = true }
        }
        _ = work.wait()
        XCTAssertTrue(finished.snapshot)
    }
}
