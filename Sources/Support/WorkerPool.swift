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
