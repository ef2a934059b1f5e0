import AgeEncryption
import Foundation
import Support

/// How an encrypted archive differs from a plain one (formats/archive-format.md, "Encrypted
/// archives"): every file that says something is an age file (`*.age`: the segments and
/// `manifest.json.age`), and two plaintext files name nothing but files and public keys:
/// `encryption.json` (that it is encrypted, to which recipients) and `checksums.sha256` (the
/// SHA-256 of every encrypted file, in `sha256sum` format), so that an archive can be checked
/// without its identity, and with `sha256sum -c`.
public enum ArchiveEncryption {
    public static let suffix = ".age"
    public static let manifestName = Manifest.fileName + suffix
    public static let markerName = "encryption.json"
    public static let checksumsName = "checksums.sha256"

    /// `encryption.json`.
    public struct Marker: Codable, Sendable, Equatable {
        public var format = "age-encryption.org/v1"
        public var recipients: [String]
        public var manifest = ArchiveEncryption.manifestName
        public var checksums = ArchiveEncryption.checksumsName

        public init(recipients: [String]) { self.recipients = recipients }
    }

    /// Whether `store` holds a published manifest, plain or encrypted: the commit point.
    public static func hasManifest(_ store: any ArchiveStore) throws -> Bool {
        try store.exists(Manifest.fileName) || store.exists(manifestName)
    }

    /// The same for a directory, which cannot fail to answer.
    public static func hasManifest(_ directory: DirectoryStore) -> Bool {
        directory.exists(Manifest.fileName) || directory.exists(manifestName)
    }

    /// The files a writer publishes at the end, in order; the last is the commit point.
    public static func finalFiles(_ manifest: Manifest, keys: ArchiveKeys) throws -> [(name: String, bytes: [UInt8])] {
        let bytes = try manifest.encoded()
        guard keys.encrypts else {
            return [(Manifest.digestFileName, Array(Manifest.digestLine(bytes).utf8)), (Manifest.fileName, bytes)]
        }
        let sealed = try AgeEncryptingSink.encrypt(bytes, to: keys.recipients)
        var sums = manifest.segments.map { "\($0.sha256)  \($0.path)\n" }.joined()
        sums += "\(HashingSink.hash(sealed))  \(manifestName)\n"
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let marker = Array(try e.encode(Marker(recipients: keys.recipients.map(\.description)))) + [0x0A]
        return [(markerName, marker), (checksumsName, Array(sums.utf8)), (manifestName, sealed)]
    }

    /// The marker of an encrypted archive; nil when `store` holds none.
    public static func marker(_ store: any ArchiveStore) throws -> Marker? {
        guard let bytes = try store.contents(markerName) else { return nil }
        do { return try JSONDecoder().decode(Marker.self, from: Data(bytes)) } catch {
            throw ArchiveError.manifestUnreadable(path: store.location + "/" + markerName, message: "not an encryption marker: \(error)")
        }
    }

    /// `checksums.sha256`: file name → SHA-256; nil when absent.
    public static func checksums(_ store: any ArchiveStore) throws -> [String: String]? {
        guard let bytes = try store.contents(checksumsName) else { return nil }
        var out: [String: String] = [:]
        for (i, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n").enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64, parts[1].hasPrefix(" ") else {
                throw ArchiveError.manifestUnreadable(
                    path: store.location + "/" + checksumsName, message: "line \(i + 1) is not `<sha256>  <file>`")
            }
            out[String(parts[1].dropFirst())] = String(parts[0])
        }
        return out
    }

    /// The manifest's bytes from `manifest.json.age`, checked against `checksums.sha256` and
    /// decrypted with the store's identities.
    static func openManifest(_ sealed: [UInt8], store: any ArchiveStore) throws -> [UInt8] {
        let path = store.location + "/" + manifestName
        guard !store.keys.identities.isEmpty else {
            let to = (try? marker(store))?.recipients.joined(separator: ", ") ?? "an unknown recipient"
            throw ArchiveError.encrypted(path: store.location, recipients: to)
        }
        guard let sums = try checksums(store), let digest = sums[manifestName] else {
            throw ArchiveError.manifestUnreadable(path: path, message: "\(checksumsName) is missing or does not list \(manifestName)")
        }
        guard HashingSink.hash(sealed) == digest else {
            throw ArchiveError.manifestUnreadable(
                path: path, message: "sha256 does not match \(checksumsName): the manifest was replaced or damaged")
        }
        do { return try AgeDecryptingSink.decrypt(sealed, identities: store.keys.identities, name: path) } catch {
            throw ArchiveError.manifestUnreadable(path: path, message: "\(error)")
        }
    }

    /// A journal line sealed for the recipients: `{"sealed":"<base64 age file>"}`.
    static func sealLine(_ line: [UInt8], keys: ArchiveKeys) throws -> [UInt8] {
        let sealed = try AgeEncryptingSink.encrypt(Array(line.dropLast()), to: keys.recipients)
        return Array("{\"sealed\":\"\(Data(sealed).base64EncodedString())\"}\n".utf8)
    }

    /// The journal line inside a sealed one; the line itself when it is not sealed.
    static func openLine(_ line: Data, keys: ArchiveKeys, path: String) throws(ArchiveError) -> Data {
        struct Sealed: Decodable { var sealed: String }
        guard line.starts(with: Array("{\"sealed\":".utf8)) else { return line }
        guard !keys.identities.isEmpty else {
            throw .io(path: path, operation: "resume", message: "the dump was encrypted: give the identity (--identity) to resume it")
        }
        guard let s = try? JSONDecoder().decode(Sealed.self, from: line), let bytes = Data(base64Encoded: s.sealed) else {
            throw .manifestUnreadable(path: path, message: "a sealed journal line that is not base64")
        }
        do { return Data(try AgeDecryptingSink.decrypt(Array(bytes), identities: keys.identities, name: path)) } catch {
            throw .manifestUnreadable(path: path, message: "\(error)")
        }
    }
}

extension ArchiveEncryption {
    /// `sink`, behind an age decryption stage when the segment is an encrypted file.
    public static func decrypting(_ record: Manifest.Segment, keys: ArchiveKeys, into sink: ByteSink) throws -> ByteSink {
        guard record.path.hasSuffix(suffix) else { return sink }
        guard !keys.identities.isEmpty else {
            throw ArchiveError.segment(path: record.path, problem: "encrypted: give --identity FILE or INFLUXDUMP_IDENTITY_FILE")
        }
        return AgeDecryptingSink(identities: keys.identities, next: sink, name: record.path)
    }
}
