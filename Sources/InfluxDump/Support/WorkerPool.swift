import Foundation

/// Runs `count` worker loops on their own threads and waits for all of them. Blocking libcurl
/// transfers want real threads; each worker owns its own handle and buffers.
public enum WorkerPool {
    public static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for i in 0..<max(1, count) {
            group.enter()
            let t = Thread {
                body(i)
                group.leave()
            }
            t.stackSize = 4 << 20
            t.start()
        }
        group.wait()
    }
}

/// A value shared between workers behind a lock.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    public init(_ value: Value) { self.value = value }
    @discardableResult
    public func with<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
    public var snapshot: Value { with { $0 } }
}
