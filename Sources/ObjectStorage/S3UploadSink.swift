import ArchiveFormat
import Foundation
import Support

/// A ByteSink that uploads what it is given as one object, holding at most one part in memory
/// (`partSize`, 8 MiB by default): an object that fits is one PUT when the sink finishes; a
/// larger one becomes a multipart upload whose parts go as they fill. Every PUT carries
/// `Content-MD5` and its ETag is checked; the bytes are hashed again here (SHA-256), so the
/// writer can check that what was uploaded is what the manifest will record.
final class S3UploadSink: ByteSink {
    let client: S3Client
    let key: String
    private let partSize: Int
    private let headers: [String]
    private var buffer: [UInt8] = []
    private var uploadId: String? = nil
    private var parts: [(etag: String, md5: [UInt8])] = []
    private let hasher = HashingSink()
    private(set) var size: Int64 = 0
    /// Set once the object is stored: its SHA-256.
    private(set) var sha256: String? = nil

    init(client: S3Client, key: String, partSize: Int, headers: [String]) {
        self.client = client
        self.key = key
        self.partSize = max(partSize, 5 << 20)
        self.headers = headers
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try hasher.write(bytes)
        size += Int64(bytes.count)
        var rest = bytes
        while !rest.isEmpty {
            if buffer.capacity < partSize { buffer.reserveCapacity(partSize) }
            let n = min(partSize - buffer.count, rest.count)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if buffer.count == partSize { try sendPart() }
        }
    }

    private func sendPart() throws {
        if uploadId == nil { uploadId = try client.createMultipartUpload(key, headers: headers) }
        guard let id = uploadId else { return }
        parts.append(try client.uploadPart(key, uploadId: id, number: parts.count + 1, buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try hasher.finish()
        if let id = uploadId {
            if !buffer.isEmpty { try sendPart() }
            try client.completeMultipartUpload(key, uploadId: id, parts: parts)
        } else {
            try client.put(key, buffer, headers: headers)
        }
        buffer = []
        sha256 = hasher.hex
    }

    /// Gives the upload up: aborts a multipart upload in progress and deletes what was stored.
    func abandon() {
        if let id = uploadId, sha256 == nil { try? client.abortMultipartUpload(key, uploadId: id) }
        if sha256 != nil { try? client.delete(key) }
        buffer = []
    }
}
