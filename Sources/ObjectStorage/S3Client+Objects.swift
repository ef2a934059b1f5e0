import Foundation

extension S3Client {
    /// One object of a listing.
    public struct Listed: Sendable, Equatable {
        public var key: String
        public var size: Int64
        public var etag: String
    }

    /// Stores `bytes` as `key` in one PUT with `Content-MD5` (the service refuses a body that
    /// arrived different) and checks the ETag it answers is the MD5 sent. Returns the ETag.
    @discardableResult
    func put(_ key: String, _ bytes: [UInt8], headers: [String] = []) throws -> String {
        let md5 = bytes.withUnsafeBytes { Self.md5($0) }
        let answer = try send("PUT", key: key, headers: headers + ["Content-MD5: \(md5.base64)"], body: bytes)
        let etag = Self.unquoted(answer.headers["etag"])
        guard etag == md5.hex else {
            throw S3Error.checksum(object: object(key), problem: "ETag \(etag) is not the MD5 \(md5.hex) of what was sent")
        }
        return etag
    }

    /// Streams `key`'s bytes to `body`; false when there is no such object.
    func get(_ key: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        try withoutActuallyEscaping(body) { body in
            let answer = try send("GET", key: key, accept: [404], onData: { try body($0) })
            return answer.status != 404
        }
    }

    /// A small object's bytes (a manifest, a journal line); nil when there is none.
    func contents(_ key: String) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        return try get(key) { bytes.append(contentsOf: $0) } ? bytes : nil
    }

    /// The object's headers (lower-case names); nil when there is none.
    func head(_ key: String) throws -> [String: String]? {
        do {
            let answer = try send("HEAD", key: key, accept: [404])
            return answer.status == 404 ? nil : answer.headers
        } catch S3Error.service(_, 403, _, "") {
            // A HEAD's refusal has no body to name its cause (a wrong secret, a policy): one byte
            // of a GET has it.
            _ = try send("GET", key: key, headers: ["Range: bytes=0-0"], accept: [404])
            throw S3Error.service(object: object(key), status: 403, code: "AccessDenied", message: "")
        }
    }

    /// Deletes `key` (a key that is already gone is no error, as in S3).
    func delete(_ key: String) throws {
        _ = try send("DELETE", key: key, accept: [404])
    }

    /// Every object whose key starts with `prefix` (ListObjectsV2, page by page); with a
    /// `delimiter`, also the common prefixes one level down.
    func list(prefix: String, delimiter: String? = nil, maxKeys: Int? = nil) throws -> (objects: [Listed], prefixes: [String]) {
        var objects: [Listed] = []
        var prefixes: [String] = []
        var token: String? = nil
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix)]
            if let delimiter { query.append(("delimiter", delimiter)) }
            if let token { query.append(("continuation-token", token)) }
            if let maxKeys { query.append(("max-keys", "\(maxKeys)")) }
            let answer = try send("GET", key: "", query: query, subject: prefix)
            guard let xml = S3XML.parse(answer.body), xml.name == "ListBucketResult" else {
                throw S3Error.malformedResponse(object: object(prefix), problem: "a listing that is not a ListBucketResult")
            }
            for c in xml.all("Contents") {
                guard let key = c["Key"], let size = c["Size"].flatMap({ Int64($0) }) else {
                    throw S3Error.malformedResponse(object: object(prefix), problem: "a listed object without Key or Size")
                }
                objects.append(Listed(key: key, size: size, etag: Self.unquoted(c["ETag"])))
            }
            prefixes += xml.all("CommonPrefixes").compactMap { $0["Prefix"] }
            token = xml["IsTruncated"] == "true" && maxKeys == nil ? xml["NextContinuationToken"] : nil
        } while token != nil
        return (objects, prefixes)
    }

    /// An ETag without its quotes.
    static func unquoted(_ etag: String?) -> String {
        guard var e = etag else { return "" }
        if e.hasPrefix("\"") { e.removeFirst() }
        if e.hasSuffix("\"") { e.removeLast() }
        return e
    }
}
