import Foundation

extension S3Client {
    /// A multipart upload in progress somewhere under a prefix.
    public struct PendingUpload: Sendable, Equatable {
        public var key: String
        public var uploadId: String
    }

    /// Starts a multipart upload of `key`; returns its upload id.
    func createMultipartUpload(_ key: String, headers: [String]) throws -> String {
        let answer = try send("POST", key: key, query: [("uploads", "")], headers: headers)
        guard let xml = S3XML.parse(answer.body), let id = xml["UploadId"], !id.isEmpty else {
            throw S3Error.malformedResponse(object: object(key), problem: "no UploadId in the answer to CreateMultipartUpload")
        }
        return id
    }

    /// Uploads part `number` (from 1) with `Content-MD5`, checks its ETag, returns it.
    func uploadPart(_ key: String, uploadId: String, number: Int, _ bytes: [UInt8]) throws -> (etag: String, md5: [UInt8]) {
        let md5 = bytes.withUnsafeBytes { Self.md5($0) }
        let answer = try send(
            "PUT", key: key, query: [("partNumber", "\(number)"), ("uploadId", uploadId)], headers: ["Content-MD5: \(md5.base64)"],
            body: bytes)
        let etag = Self.unquoted(answer.headers["etag"])
        guard etag == md5.hex else {
            throw S3Error.checksum(object: object(key), problem: "part \(number): ETag \(etag) is not the MD5 \(md5.hex) of what was sent")
        }
        return (etag, md5.raw)
    }

    /// Completes the upload from its parts' ETags and checks the object's ETag, which S3 forms
    /// as the MD5 of the parts' MD5s followed by `-<parts>`.
    func completeMultipartUpload(_ key: String, uploadId: String, parts: [(etag: String, md5: [UInt8])]) throws {
        var xml = "<CompleteMultipartUpload>"
        for (i, p) in parts.enumerated() { xml += "<Part><PartNumber>\(i + 1)</PartNumber><ETag>\"\(p.etag)\"</ETag></Part>" }
        xml += "</CompleteMultipartUpload>"
        let answer = try send("POST", key: key, query: [("uploadId", uploadId)], body: Array(xml.utf8))
        // S3 may answer 200 and still fail: the error is then in the body.
        guard let result = S3XML.parse(answer.body) else {
            throw S3Error.malformedResponse(object: object(key), problem: "unreadable answer to CompleteMultipartUpload")
        }
        if result.name == "Error" { throw Self.serviceError(status: 200, body: answer.body, object: object(key)) }
        let all = parts.flatMap(\.md5)
        let expected = all.withUnsafeBytes { Self.md5($0).hex } + "-\(parts.count)"
        let etag = Self.unquoted(result["ETag"])
        guard etag == expected else {
            throw S3Error.checksum(object: object(key), problem: "ETag \(etag) of the completed upload is not \(expected)")
        }
    }

    /// Abandons a multipart upload and frees its parts (already gone is no error).
    func abortMultipartUpload(_ key: String, uploadId: String) throws {
        _ = try send("DELETE", key: key, query: [("uploadId", uploadId)], accept: [404])
    }

    /// The multipart uploads in progress under `prefix`.
    func pendingUploads(prefix: String) throws -> [PendingUpload] {
        var out: [PendingUpload] = []
        var marker: (key: String, id: String)? = nil
        repeat {
            var query = [("uploads", ""), ("prefix", prefix)]
            if let m = marker { query += [("key-marker", m.key), ("upload-id-marker", m.id)] }
            let answer = try send("GET", key: "", query: query, subject: prefix)
            guard let xml = S3XML.parse(answer.body), xml.name == "ListMultipartUploadsResult" else {
                throw S3Error.malformedResponse(object: object(prefix), problem: "a listing that is not a ListMultipartUploadsResult")
            }
            out += xml.all("Upload").compactMap { u in u["Key"].flatMap { k in u["UploadId"].map { PendingUpload(key: k, uploadId: $0) } } }
            marker = nil
            if xml["IsTruncated"] == "true", let k = xml["NextKeyMarker"], let id = xml["NextUploadIdMarker"] { marker = (k, id) }
        } while marker != nil
        return out
    }
}
