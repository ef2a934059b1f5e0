import Foundation

/// When and how long to wait before trying a failed request again.
///
/// Delay before retry `n` (n = 1, 2, …):
///     delay(n) = min(cap, base × 2^(n−1)) × (0.5 + 0.5 × r),  r uniform in [0, 1)
/// ("equal jitter": never less than half the exponential step, so a fleet of retries spreads out
/// without collapsing to zero wait). Only errors that say they are transient are retried.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    public var base: Double
    public var cap: Double

    public init(maxRetries: Int = 5, base: Double = 0.5, cap: Double = 30) {
        self.maxRetries = maxRetries
        self.base = base
        self.cap = cap
    }

    public func delay(forRetry n: Int, random: Double = Double.random(in: 0..<1)) -> Double {
        let exponential = base * pow(2, Double(max(0, n - 1)))
        return min(cap, exponential) * (0.5 + 0.5 * random)
    }

    /// Runs `body`, retrying transient failures. `onRetry` hears about each retry before the wait.
    public func run<T>(
        isTransient: (Error) -> Bool, onRetry: (Int, Error, Double) -> Void = { _, _, _ in },
        _ body: () throws -> T
    ) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch {
                attempt += 1
                guard attempt <= maxRetries, isTransient(error) else { throw error }
                let wait = delay(forRetry: attempt)
                onRetry(attempt, error, wait)
                Thread.sleep(forTimeInterval: wait)
            }
        }
    }
}
