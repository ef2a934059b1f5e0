import ArchiveFormat
import Foundation
import Support

/// An archive store in an S3 bucket: the archive's files are the objects under a prefix, with
/// the same names and bytes as in a directory (formats/archive-format.md, "Object storage").
/// S3 has no rename: the manifest object is the commit point, written last, and removed first.
public struct S3Store: ArchiveStore {
    public let client: S3Client
    public let at: S3Location
    public let keys: ArchiveKeys

    public init(client: S3Client, location: S3Location, keys: ArchiveKeys = .none) {
        self.client = client
        at = location
        self.keys = keys
    }

    public var location: String { at.description }

    /// The prefix of everything below, with its `/`.
    var folderPrefix: String { at.prefix.isEmpty ? "" : at.prefix + "/" }

    public func child(_ name: String) -> any ArchiveStore { S3Store(client: client, location: at.child(name), keys: keys) }

    public func exists(_ name: String) throws -> Bool { try client.head(at.key(name)) != nil }

    public func contents(_ name: String) throws -> [UInt8]? { try client.contents(at.key(name)) }

    public func read(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        try client.get(at.key(name), body)
    }

    public func entries() throws -> [String] {
        let (objects, prefixes) = try client.list(prefix: folderPrefix, delimiter: "/")
        let names =
            objects.map { String($0.key.dropFirst(folderPrefix.count)) }
            + prefixes.map { p in String(p.dropFirst(folderPrefix.count).dropLast()) }
        return names.filter { !$0.isEmpty }.sorted()
    }

    public func files() throws -> [String] {
        try client.list(prefix: folderPrefix).objects.map { String($0.key.dropFirst(folderPrefix.count)) }.sorted()
    }

    public func write(_ name: String, _ bytes: [UInt8]) throws { try client.put(at.key(name), bytes) }

    public func isPresent() throws -> Bool { try !client.list(prefix: folderPrefix, maxKeys: 1).objects.isEmpty }

    public func removeChild(_ name: String, unfinishedOnly: Bool) throws -> RemovalOutcome {
        let run = S3Store(client: client, location: at.child(name), keys: keys)
        if run.isLocked() { return .inUse }
        if unfinishedOnly, try ArchiveEncryption.hasManifest(run) { return .completed }
        if let until = try run.retainedUntil() { return .retained("its objects are under object lock until \(until)") }
        try run.removeEverything()
        return .removed
    }

    /// Deletes every object under the prefix, the manifest first (the archive stops being one at
    /// once; a removal cut short leaves a run without a manifest, which the next prune
    /// removes), and aborts the multipart uploads left there.
    func removeEverything() throws {
        for upload in try client.pendingUploads(prefix: folderPrefix) {
            try client.abortMultipartUpload(upload.key, uploadId: upload.uploadId)
        }
        let keys = try client.list(prefix: folderPrefix).objects.map(\.key)
        let first = [Manifest.fileName, ArchiveEncryption.manifestName, Manifest.digestFileName].map(at.key)
        for key in first where keys.contains(key) { try client.delete(key) }
        for key in keys where !first.contains(key) { try client.delete(key) }
    }

    /// When the manifest is under an object-lock retention that has not expired: its date.
    func retainedUntil(now: Date = Date()) throws -> String? {
        guard
            let headers = try client.head(at.key(Manifest.fileName)) ?? client.head(at.key(ArchiveEncryption.manifestName))
                ?? client.head(at.key(DirectoryLock.fileName)),
            let until = headers["x-amz-object-lock-retain-until-date"]
        else { return nil }
        guard let date = S3Retention.parse(until) else { return until }
        return date > now ? until : nil
    }

    /// Multipart uploads are aborted with their run: by `removeChild`, by a resumed dump and by a
    /// dump that failed. Nothing else is left over by a removal.
    public func removeLeftovers() throws {}

    public func openWriter(resume: Bool, resumeKey: String?) throws -> any ArchiveWriter {
        try S3ArchiveWriter(store: self, resume: resume, resumeKey: resumeKey)
    }

    public func resumeKey() -> String? {
        guard (try? ArchiveEncryption.hasManifest(self)) == false else { return nil }
        return (try? S3ArchiveWriter.journal(of: self))??.plan?.resumeKey
    }

    public func isLocked() -> Bool {
        guard let bytes = try? contents(DirectoryLock.fileName) else { return false }
        return S3RunLock.isHeld(String(decoding: bytes, as: UTF8.self))
    }
}
