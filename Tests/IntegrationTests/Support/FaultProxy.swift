import Foundation
import InfluxDump

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP proxy on a free loopback port in front of a real influxd that breaks chosen requests:
/// answers 5xx/429/4xx itself, drops the connection before answering, cuts the response body
/// after N bytes, or stalls mid-body. One request per connection (it asks both sides to close),
/// so a fault never leaks into the next request.
final class FaultProxy: @unchecked Sendable {
    enum Fault: Equatable {
        case pass
        case status(Int)
        /// Answers with this status and an error that repeats the query text (the worst a
        /// server could do with a statement holding a password).
        case echoQuery(status: Int)
        case dropBeforeAnswer
        case cutResponse(afterBytes: Int)
        case stall(seconds: Double, afterBytes: Int)
    }

    struct Seen { var method: String; var path: String; var body: String; var fault: Fault }

    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let decide: @Sendable (_ index: Int, _ path: String, _ body: String) -> Fault
    private let log = Locked([Seen]())

    var url: String { "http://127.0.0.1:\(port)" }
    var seen: [Seen] { log.snapshot }

    init(upstreamPort: Int, decide: @escaping @Sendable (_ index: Int, _ path: String, _ body: String) -> Fault) throws {
        self.upstreamPort = upstreamPort
        self.decide = decide
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        listener = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            Thread { [self] in handle(client) }.start()
        }
    }

    private static func readAll(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = read(fd, &chunk, chunk.count)
        if n <= 0 { return false }
        buffer += chunk[0..<n]
        return true
    }

    private static func send(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var buffer: [UInt8] = []
        var headerEnd: Int? = nil
        while headerEnd == nil {
            if buffer.count >= 4 {
                for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
                    headerEnd = i; break
                }
            }
            if headerEnd == nil && !Self.readAll(client, into: &buffer) { return }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ")
        let length =
            lines.compactMap { l -> Int? in
                guard l.lowercased().hasPrefix("content-length:") else { return nil }
                return Int(l.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        let bodyStart = headerEnd! + 4
        while buffer.count < bodyStart + length { if !Self.readAll(client, into: &buffer) { return } }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        let path = parts.count > 1 ? String(parts[1]) : ""
        let bodyText = String(decoding: body, as: UTF8.self).removingPercentEncoding ?? ""
        let index = log.with { $0.count }
        let fault = decide(index, path, bodyText)
        log.with { $0.append(Seen(method: String(parts.first ?? ""), path: path, body: bodyText, fault: fault)) }

        switch fault {
        case .status(let code):
            let message = #"{"error":"injected fault"}"#
            let reply =
                "HTTP/1.1 \(code) Injected\r\nContent-Type: application/json\r\nContent-Length: \(message.utf8.count)\r\nConnection: close\r\n\r\n\(message)"
            _ = Self.send(client, Array(reply.utf8)[...])
            return
        case .echoQuery(let code):
            let q = bodyText.split(separator: "&").first { $0.hasPrefix("q=") }.map { String($0.dropFirst(2)) } ?? ""
            let escaped = q.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let message = #"{"error":"error parsing query: "# + escaped + #""}"#
            let reply =
                "HTTP/1.1 \(code) Injected\r\nContent-Type: application/json\r\nContent-Length: \(message.utf8.count)\r\nConnection: close\r\n\r\n\(message)"
            _ = Self.send(client, Array(reply.utf8)[...])
            return
        case .dropBeforeAnswer:
            return
        default: break
        }

        // Forward with Connection: close, so the upstream ends the response by closing.
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(upstream) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(upstreamPort).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return }
        let kept = lines.filter { !$0.lowercased().hasPrefix("connection:") }
        let forwarded = ([requestLine] + kept + ["Connection: close", "", ""]).joined(separator: "\r\n")
        guard Self.send(upstream, Array(forwarded.utf8)[...]), Self.send(upstream, body[...]) else { return }
        var sent = 0
        var stalled = false
        var response: [UInt8] = []
        while Self.readAll(upstream, into: &response) {
            var out = response[...]
            response.removeAll()
            switch fault {
            case .cutResponse(let limit):
                if sent + out.count > limit { _ = Self.send(client, out.prefix(max(0, limit - sent))); return }
            case .stall(let seconds, let after):
                if !stalled && sent + out.count > after {
                    stalled = true
                    _ = Self.send(client, out.prefix(max(0, after - sent)))
                    Thread.sleep(forTimeInterval: seconds)
                    out = out.dropFirst(max(0, after - sent))
                    sent = after
                    _ = Self.send(client, out)
                    sent += out.count
                    continue
                }
            default: break
            }
            guard Self.send(client, out) else { return }
            sent += out.count
        }
    }
}
