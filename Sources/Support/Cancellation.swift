/// A flag set once (SIGINT/SIGTERM) and read by workers: a dump stops taking new windows and
/// aborts transfers in flight; nothing unfinished is published.
public final class Cancellation: @unchecked Sendable {
    private let state = Locked(false)
    public init() {}
    public func cancel() { state.with { $0 = true } }
    public var isCancelled: Bool { state.snapshot }
}

/// Thrown when work stopped because it was cancelled.
public struct CancelledError: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "stopped before it finished (cancelled)" }
}
