import Foundation
import InfluxAPI
import Support

/// Sends log lines to Grafana Loki's push API (`POST /loki/api/v1/push`, JSON streams) from its
/// own thread, in batches. It never blocks the job: the queue holds at most `capacity` lines and
/// drops (and counts) the rest; a failed push drops its batch (and counts it) instead of retrying
/// forever.
public final class LokiPusher: @unchecked Sendable {
    public let url: String
    private let labels: [String: String]
    private let condition = NSCondition()
    private var queue: [(labels: [String: String], ns: Int64, line: String)] = []
    private var stopping = false
    private var finished = false
    private let capacity: Int
    private let batchSize: Int
    private let interval: TimeInterval
    private var droppedLines = 0
    private var sentLines = 0

    public init(url: String, labels: [String: String], capacity: Int = 10_000, batchSize: Int = 500, interval: TimeInterval = 1) {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        self.url = u.hasSuffix("/loki/api/v1/push") ? u : u + "/loki/api/v1/push"
        self.labels = labels
        self.capacity = capacity
        self.batchSize = batchSize
        self.interval = interval
        Thread { [self] in loop() }.start()
    }

    /// Lines dropped so far (queue full or Loki unreachable) and lines delivered.
    public var counts: (dropped: Int, sent: Int) {
        condition.lock(); defer { condition.unlock() }
        return (droppedLines, sentLines)
    }

    public func push(_ line: String, labels extra: [String: String] = [:]) {
        condition.lock(); defer { condition.unlock() }
        guard !stopping else { droppedLines += 1; return }
        if queue.count >= capacity { droppedLines += 1; return }
        queue.append((labels.merging(extra) { _, new in new }, Timestamp.nanoseconds(), line))
        if queue.count >= batchSize { condition.signal() }
    }

    /// Sends what is queued (one last try) and stops the thread.
    public func close() {
        condition.lock()
        stopping = true
        condition.signal()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        var client: InfluxClient? = try? InfluxClient(config: ClientConfiguration(baseURL: url, connectTimeout: 2, stallTimeout: 5))
        while true {
            condition.lock()
            if queue.count < batchSize && !stopping { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
            let batch = Array(queue.prefix(batchSize))
            queue.removeFirst(batch.count)
            let done = stopping && queue.isEmpty
            condition.unlock()
            if !batch.isEmpty {
                let ok = (try? send(batch, client: &client)) ?? false
                condition.lock()
                if ok { sentLines += batch.count } else { droppedLines += batch.count }
                condition.unlock()
            }
            if done { break }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// One push: lines grouped into streams by their label set.
    private func send(_ batch: [(labels: [String: String], ns: Int64, line: String)], client: inout InfluxClient?) throws -> Bool {
        var streams: [[String: String]: [[String]]] = [:]
        for item in batch { streams[item.labels, default: []].append([String(item.ns), item.line]) }
        let body: [String: Any] = ["streams": streams.map { ["stream": $0.key, "values": $0.value] }]
        let data = try JSONSerialization.data(withJSONObject: body)
        if client == nil { client = try InfluxClient(config: ClientConfiguration(baseURL: url, connectTimeout: 2, stallTimeout: 5)) }
        return try client!.post(url: url, contentType: "application/json", body: Array(data))
    }
}
