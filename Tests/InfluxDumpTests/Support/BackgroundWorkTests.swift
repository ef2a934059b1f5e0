import Foundation
import XCTest

@testable import Support

final class BackgroundWorkTests: XCTestCase {
    private struct Failure: Error, Equatable {}

    /// The body runs on a thread of its own while the caller goes on: here it waits for the
    /// caller's signal, which never comes in time if `init` runs it in place.
    func testTheBodyRunsWhileTheCallerGoesOn() throws {
        let go = DispatchSemaphore(value: 0)
        let work = BackgroundWork<Bool> {
            let signalled = go.wait(timeout: .now() + 5) == .success
            return signalled && !Thread.isMainThread
        }
        go.signal()
        XCTAssertEqual(try work.wait().get(), true, "ran on another thread than the caller's, while it went on")
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
