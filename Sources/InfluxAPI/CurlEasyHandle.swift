import CCurl
import Foundation

/// Owns one libcurl easy handle. Reusing a handle keeps its connection alive between requests,
/// so each worker thread owns exactly one. Not thread-safe: one request at a time.
package final class CurlEasyHandle {
    /// CURLOPT_BUFFERSIZE (default 16 KiB; bench/RESULTS.md measures the difference).
    static let receiveBuffer = 256 << 10
    package struct Response {
        package var status: Int
        package var headers: [String: String]
    }

    /// Context handed to the C callbacks through `Unmanaged`; lives as long as the handle.
    private final class CallbackBox {
        var onData: (Int, UnsafeRawBufferPointer) -> Bool = { _, _ in true }
        var status = 0
        var headers: [String: String] = [:]
    }

    private let handle: UnsafeMutableRawPointer
    private let box = CallbackBox()
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    private let config: ClientConfiguration
    /// Requests are signed with AWS Signature V4 by libcurl (`CURLOPT_AWS_SIGV4`) instead of
    /// basic auth: object storage. The secret lives here and in curl's memory only.
    package var awsSigV4: AWSSigV4? = nil

    /// libcurl's SigV4 parameters: `provider` is `aws:amz:<region>:s3`.
    package struct AWSSigV4: Sendable {
        package var provider: String
        package var accessKey: String
        package var secretKey: String

        package init(provider: String, accessKey: String, secretKey: String) {
            self.provider = provider
            self.accessKey = accessKey
            self.secretKey = secretKey
        }
    }

    private static let globalInit: Void = { curl_global_init(IFD_CURL_GLOBAL_ALL) }()

    package init(config: ClientConfiguration) throws {
        _ = Self.globalInit
        guard let h = curl_easy_init() else {
            throw InfluxClientError.transport(url: config.baseURL, curlCode: -1, message: "curl_easy_init failed")
        }
        handle = h
        self.config = config
    }

    deinit { curl_easy_cleanup(handle) }

    /// Percent-encodes for a form body using libcurl's own encoder.
    func escape(_ s: String) -> String {
        var utf8 = Array(s.utf8)
        return utf8.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) { p in
                guard let out = curl_easy_escape(handle, p, Int32(buf.count)) else { return "" }
                defer { curl_free(out) }
                return String(cString: out)
            }
        }
    }

    /// Performs one request. `onData` receives the HTTP status and the body as it arrives (≤ 16 KiB a call) and may
    /// return false to abort. The body pointer must stay valid for the call (it is not copied).
    package func perform(
        method: String, url: String, headers: [String], body: UnsafeRawBufferPointer?,
        onData: @escaping (_ status: Int, _ bytes: UnsafeRawBufferPointer) -> Bool
    ) throws -> Response {
        curl_easy_reset(handle)
        box.onData = onData
        box.status = 0
        box.headers = [:]
        var list: UnsafeMutablePointer<curl_slist>? = nil
        // An empty `Expect:` stops curl waiting for 100-continue before every POST body. Not with
        // SigV4: curl would sign the empty header that it then does not send.
        for h in headers + (awsSigV4 == nil ? ["Expect:"] : []) { list = curl_slist_append(list, h) }
        defer { curl_slist_free_all(list) }

        var setopt = SetoptStatus()
        setConnectionOptions(url: url, headers: list, &setopt)
        setAuthAndTLSOptions(&setopt)
        setCallbacks(&setopt)
        setMethod(method, body: body, &setopt)
        guard setopt.code == CURLE_OK else {
            throw InfluxClientError.transport(
                url: ClientConfiguration.redacted(url), curlCode: Int(setopt.code.rawValue),
                message: String(cString: curl_easy_strerror(setopt.code)))
        }
        let result = curl_easy_perform(handle)
        box.onData = { _, _ in true }
        if result == CURLE_WRITE_ERROR { throw InfluxClientError.cancelled }
        guard result == CURLE_OK else { throw transferError(result, url: url) }
        return Response(status: box.status, headers: box.headers)
    }

    /// The first failing setopt of a request. Every option is still set in order, and one check before
    /// the transfer covers them all.
    private struct SetoptStatus {
        private(set) var code = CURLE_OK
        mutating func record(_ result: CURLcode) { if code == CURLE_OK { code = result } }
    }

    private func setConnectionOptions(url: String, headers list: UnsafeMutablePointer<curl_slist>?, _ setopt: inout SetoptStatus) {
        setopt.record(ifd_curl_setopt_string(handle, CURLOPT_URL, url))
        setopt.record(ifd_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, list))
        setopt.record(ifd_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        setopt.record(ifd_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1))
        // Larger reads from the socket: fewer recv calls and write callbacks per response.
        setopt.record(ifd_curl_setopt_long(handle, CURLOPT_BUFFERSIZE, Self.receiveBuffer))
        setopt.record(ifd_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, config.connectTimeout))
        if config.stallTimeout > 0 {
            setopt.record(ifd_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1))
            setopt.record(ifd_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, config.stallTimeout))
        }
    }

    private func setAuthAndTLSOptions(_ setopt: inout SetoptStatus) {
        if let sig = awsSigV4 {
            setopt.record(ifd_curl_setopt_string(handle, CURLOPT_AWS_SIGV4, sig.provider))
            setopt.record(ifd_curl_setopt_string(handle, CURLOPT_USERNAME, sig.accessKey))
            setopt.record(ifd_curl_setopt_string(handle, CURLOPT_PASSWORD, sig.secretKey))
        } else if let user = config.username {
            setopt.record(ifd_curl_setopt_long(handle, CURLOPT_HTTPAUTH, Int(IFD_CURLAUTH_BASIC)))
            setopt.record(ifd_curl_setopt_string(handle, CURLOPT_USERNAME, user))
            setopt.record(ifd_curl_setopt_string(handle, CURLOPT_PASSWORD, config.password ?? ""))
        }
        if let ca = config.caCertPath { setopt.record(ifd_curl_setopt_string(handle, CURLOPT_CAINFO, ca)) }
        if config.insecureSkipVerify {
            setopt.record(ifd_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0))
            setopt.record(ifd_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0))
        }
    }

    /// The error buffer and the body and header callbacks, which reach `box` through their user data.
    private func setCallbacks(_ setopt: inout SetoptStatus) {
        errorBuffer.withUnsafeMutableBufferPointer {
            setopt.record(ifd_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, $0.baseAddress))
        }
        errorBuffer[0] = 0
        let ctx = Unmanaged.passUnretained(box).toOpaque()
        setopt.record(
            ifd_curl_setopt_callback(
                handle, CURLOPT_WRITEFUNCTION,
                { ptr, size, n, ud in
                    let box = Unmanaged<CallbackBox>.fromOpaque(ud!).takeUnretainedValue()
                    let count = size * n
                    return box.onData(box.status, UnsafeRawBufferPointer(start: ptr, count: count)) ? count : 0
                }))
        setopt.record(ifd_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, ctx))
        setopt.record(
            ifd_curl_setopt_callback(
                handle, CURLOPT_HEADERFUNCTION,
                { ptr, size, n, ud in
                    let box = Unmanaged<CallbackBox>.fromOpaque(ud!).takeUnretainedValue()
                    let count = size * n
                    let line = String(decoding: UnsafeRawBufferPointer(start: ptr, count: count), as: UTF8.self)
                    if line.hasPrefix("HTTP/") {
                        let parts = line.split(separator: " ", maxSplits: 2)
                        if parts.count >= 2, let s = Int(parts[1]) { box.status = s; box.headers = [:] }
                    } else if let colon = line.firstIndex(of: ":") {
                        let key = line[..<colon].lowercased()
                        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                        box.headers[key] = value
                    }
                    return count
                }))
        setopt.record(ifd_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, ctx))
    }

    private func setMethod(_ method: String, body: UnsafeRawBufferPointer?, _ setopt: inout SetoptStatus) {
        switch method {
        case "POST", "PUT":
            // A body from memory: POSTFIELDS, with PUT as a custom method (no read callback, and
            // curl knows the size up front for the signature and Content-Length).
            setopt.record(ifd_curl_setopt_long(handle, CURLOPT_POST, 1))
            if method == "PUT" { setopt.record(ifd_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "PUT")) }
            // POSTFIELDS with a null pointer would make curl read the body from stdin.
            let empty: StaticString = ""
            let pointer =
                body?.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) } ?? UnsafeMutableRawPointer(mutating: empty.utf8Start)
            setopt.record(ifd_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, pointer))
            setopt.record(ifd_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, body?.count ?? 0))
        case "HEAD":
            setopt.record(ifd_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        case "DELETE":
            setopt.record(ifd_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "DELETE"))
        default:
            break
        }
    }

    /// A failed transfer: curl's own detail when it wrote one, and the URL without its query.
    private func transferError(_ result: CURLcode, url: String) -> InfluxClientError {
        let detail =
            errorBuffer[0] != 0
            ? String(decoding: errorBuffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : String(cString: curl_easy_strerror(result))
        return .transport(url: ClientConfiguration.redacted(stripQuery(url)), curlCode: Int(result.rawValue), message: detail)
    }

    private func stripQuery(_ url: String) -> String {
        url.firstIndex(of: "?").map { String(url[..<$0]) } ?? url
    }
}
