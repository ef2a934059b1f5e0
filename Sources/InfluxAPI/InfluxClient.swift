import Foundation

/// A blocking InfluxDB 1.x HTTP client over one reused libcurl handle.
///
/// Queries always ask for msgpack with `epoch=ns` (the only format that keeps int/float types,
/// string bytes and nanoseconds) and `chunked=true` (so the server streams instead of buffering).

public final class InfluxClient {
    public let config: ClientConfiguration
    private let curl: CurlEasyHandle
    /// Error bodies are short; anything longer is cut here so a broken proxy cannot bloat memory.
    private static let maxErrorBody = 64 * 1024

    public init(config: ClientConfiguration) throws {
        self.config = config
        curl = try CurlEasyHandle(config: config)
    }

    /// Checks the server answers and returns its version (`X-Influxdb-Version`).
    public func ping() throws -> String {
        let url = config.baseURL + "/ping"
        let r = try curl.perform(method: "GET", url: url, headers: [], body: nil) { _, _ in true }
        guard r.status == 204 || r.status == 200 else {
            throw InfluxClientError.http(url: url, status: r.status, message: "unexpected answer to ping")
        }
        return r.headers["x-influxdb-version"] ?? "unknown"
    }

    /// Streams the response of one statement into `sink`, checking it ended with the final chunk.
    public func query<Sink: QueryEventSink>(
        _ q: String, database: String?, chunkSize: Int = 10_000, into sink: Sink,
        isCancelled: @escaping () -> Bool = { false }
    ) throws {
        let parser = QueryResponseParser(query: q, sink: sink)
        var failure: Error? = nil
        var errorBody: [UInt8] = []
        let url = config.baseURL + "/query"
        var form = "q=" + curl.escape(q) + "&epoch=ns&chunked=true&chunk_size=\(chunkSize)"
        if let db = database { form += "&db=" + curl.escape(db) }
        let formBytes = Array(form.utf8)
        let response: CurlEasyHandle.Response
        do {
            response = try formBytes.withUnsafeBytes { body throws in
                try curl.perform(method: "POST", url: url, headers: Self.queryHeaders, body: body) { status, bytes in
                    if isCancelled() { return false }
                    if status != 200 {
                        if errorBody.count < Self.maxErrorBody { errorBody.append(contentsOf: bytes.prefix(Self.maxErrorBody)) }
                        return true
                    }
                    do { try parser.feed(bytes) } catch { failure = error; return false }
                    return true
                }
            }
        } catch InfluxClientError.cancelled {
            if let e = failure as? InfluxClientError { throw e }
            if let e = failure as? QuerySinkError { throw e }
            if failure == nil && isCancelled() { throw InfluxClientError.cancelled }
            throw InfluxClientError.malformedResponse("\(failure.map { "\($0)" } ?? "cancelled") (in: \(q))")
        }
        guard response.status == 200 else {
            throw InfluxClientError.http(
                url: url, status: response.status, message: Self.errorMessage(errorBody, headers: response.headers))
        }
        try parser.finish()
    }

    /// Runs statements that return small results (SHOW …) and returns each result object.
    /// Throws on the first statement error. `describedAs` stands for `q` in errors (a statement
    /// holding a password must not be repeated in a message).
    @discardableResult
    public func queryValues(_ q: String, database: String? = nil, post: Bool = false, describedAs: String? = nil) throws -> [MsgPackValue] {
        var reader = MsgPackReader()
        let url = config.baseURL + "/query"
        var form = "q=" + curl.escape(q) + "&epoch=ns"
        if let db = database { form += "&db=" + curl.escape(db) }
        let formBytes = Array(form.utf8)
        let r = try formBytes.withUnsafeBytes { body throws in
            try curl.perform(method: "POST", url: url, headers: Self.queryHeaders, body: body) { _, bytes in
                reader.append(bytes)
                return true
            }
        }
        guard r.status == 200 else {
            throw InfluxClientError.http(url: url, status: r.status, message: Self.errorMessage(Array(reader.buffer), headers: r.headers))
        }
        guard let doc = try MsgPackValue.decode(from: &reader), let results = doc["results"]?.arrayValue else {
            throw InfluxClientError.malformedResponse("unreadable answer to \(describedAs ?? q)")
        }
        for result in results {
            if let e = result["error"]?.stringValue { throw InfluxClientError.statement(query: describedAs ?? q, message: e) }
        }
        return results
    }

    /// Writes line protocol with `precision=ns` (never `us`, which 1.6.7 silently reads as ns).
    /// A 400 "partial write" becomes `.partialWrite` with the dropped count: the rest was stored.
    public func write(database: String, retentionPolicy: String?, body: UnsafeRawBufferPointer) throws {
        var url = config.baseURL + "/write?precision=ns&db=" + curl.escape(database)
        if let rp = retentionPolicy { url += "&rp=" + curl.escape(rp) }
        var answer: [UInt8] = []
        let r = try curl.perform(method: "POST", url: url, headers: ["Content-Type: text/plain; charset=utf-8"], body: body) { _, bytes in
            if answer.count < Self.maxErrorBody { answer.append(contentsOf: bytes.prefix(Self.maxErrorBody)) }
            return true
        }
        if r.status == 204 || r.status == 200 { return }
        let message = Self.errorMessage(answer, headers: r.headers)
        let printable = config.baseURL + "/write"
        if r.status == 400, message.hasPrefix("partial write") {
            throw InfluxClientError.partialWrite(database: database, dropped: Self.droppedCount(message), message: message)
        }
        throw InfluxClientError.http(url: printable, status: r.status, message: message)
    }

    /// A plain POST to any URL of this client's kind (Loki pushes); true on 2xx.
    public func post(url: String, contentType: String, body: [UInt8]) throws -> Bool {
        let r = try body.withUnsafeBytes { buf in
            try curl.perform(method: "POST", url: url, headers: ["Content-Type: \(contentType)"], body: buf) { _, _ in true }
        }
        return (200..<300).contains(r.status)
    }

    static let queryHeaders = ["Accept: application/x-msgpack", "Content-Type: application/x-www-form-urlencoded"]

    static func droppedCount(_ message: String) -> Int {
        guard let r = message.range(of: "dropped=", options: .backwards) else { return 0 }
        return Int(message[r.upperBound...].prefix(while: { $0.isNumber })) ?? 0
    }

    /// Extracts `error` from a msgpack or JSON body, or falls back to `X-Influxdb-Error`.
    static func errorMessage(_ body: [UInt8], headers: [String: String]) -> String {
        var reader = MsgPackReader(bytes: body)
        if let v = try? MsgPackValue.decode(from: &reader), let e = v["error"]?.stringValue { return e }
        let text = String(decoding: body, as: UTF8.self)
        if let r = text.range(of: "\"error\":\"") {
            var out = ""
            var escaped = false
            for c in text[r.upperBound...] {
                if escaped {
                    out.append(c); escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    break
                } else {
                    out.append(c)
                }
            }
            return out
        }
        if let h = headers["x-influxdb-error"] { return h }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? "no error message" : String(line.prefix(200))
    }
}
