import Foundation

/// Work on a thread of its own, started at once, whose result its owner waits for: blocking
/// libcurl transfers want a real thread, not a task of the cooperative pool. Waiting again
/// returns the same result.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private let outcome = Locked<Result<Value, Error>?>(nil)

    /// Starts `body` on a new thread.
    public init(_ body: @escaping @Sendable () throws -> Value) {
        done.enter()
        let (done, outcome) = (self.done, self.outcome)
        Thread {
            let result = Result { try body() }
            outcome.with { $0 = result }
            done.leave()
        }.start()
    }

    /// Blocks until `body` has returned or thrown, and returns what it did.
    public func wait() -> Result<Value, Error> {
        done.wait()
        return outcome.snapshot ?? .failure(CancelledError())
    }
}
