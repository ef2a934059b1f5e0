/// How to reach one InfluxDB server. The password lives only here, in memory: it is handed to
/// libcurl as an option and never formatted into URLs, logs or errors.
public struct ClientConfiguration: Sendable {
    public var baseURL: String
    public var username: String?
    public var password: String?
    public var caCertPath: String?
    public var insecureSkipVerify: Bool
    /// Seconds to establish a connection.
    public var connectTimeout: Int
    /// Seconds a transfer may stall below 1 byte/s before it is abandoned (0 = never).
    public var stallTimeout: Int

    public init(
        baseURL: String, username: String? = nil, password: String? = nil, caCertPath: String? = nil,
        insecureSkipVerify: Bool = false, connectTimeout: Int = 10, stallTimeout: Int = 300
    ) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.username = username
        self.password = password
        self.caCertPath = caCertPath
        self.insecureSkipVerify = insecureSkipVerify
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
    }

    /// Checks the URL shape: http(s)://host[:port][/path], no credentials inside.
    public static func validate(url: String) -> String? {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            return "host \(redacted(url)): expected a URL starting with http:// or https://"
        }
        let rest = url.drop(while: { $0 != "/" }).dropFirst(2)
        let authority = rest.prefix(while: { $0 != "/" })
        if authority.isEmpty { return "host \(redacted(url)): missing host name" }
        if authority.contains("@") {
            return "host \(redacted(url)): credentials in the URL are not accepted; use --username and INFLUX_PASSWORD or --password-file"
        }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            let port = authority[authority.index(after: colon)...]
            guard let p = Int(port), (1...65535).contains(p) else { return "host \(redacted(url)): invalid port \"\(port)\"" }
        }
        return nil
    }

    /// A URL with any `user:pass@` part removed, safe to print.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let after = url[scheme.upperBound...]
        let authorityEnd = after.firstIndex(of: "/") ?? after.endIndex
        guard let at = after[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "***@" + String(after[after.index(after: at)...])
    }
}
