import Foundation

/// Reads the framed stream of formats/archive-format.md §Stream as it arrives. Each segment
/// is held in memory only until a worker has written it: memory is bounded by
/// (workers + 1) × the largest segment.
public final class StreamArchiveReader: SegmentSource, @unchecked Sendable {
    public private(set) var header: Manifest
    private var fd: Int32
    /// An encrypted stream's decrypting thread: its failure, once it has ended.
    private var decryption: (@Sendable () -> Error?)? = nil
    private let lock = NSLock()
    private var offset: Int64 = 0
    private var trailer: Manifest? = nil
    private var seen: [String: String] = [:]  // path → sha256

    public init(fileDescriptor: Int32 = 0, keys: ArchiveKeys = .none) throws {
        fd = fileDescriptor
        header = Manifest(
            complete: false, tool: .init(name: "", version: ""), server: .init(url: "", version: ""),
            createdAt: "",
            parameters: .init(
                databases: [], retentionPolicies: [], measurements: [], compressionLevel: 0, segmentSize: 0, segmentPoints: 0),
            databases: [], segments: [], findings: [], job: nil, parent: nil, watermarks: nil, pointsWithoutFields: nil)
        var magic = try readExactly(8, what: "the stream preamble")
        if magic == Array(StreamDecryption.ageMagic.prefix(8)) {
            guard !keys.identities.isEmpty else {
                throw ArchiveError.encrypted(path: "standard input", recipients: "the stream's recipients")
            }
            let started = try StreamDecryption.start(fd: fd, prefix: magic, identities: keys.identities)
            (fd, decryption) = (started.fd, started.failure)
            offset = 0
            magic = try readExactly(8, what: "the stream preamble")
        }
        guard magic == StreamFormat.magic else { throw ArchiveError.notAStream }
        let version = Int(try readExactly(4, what: "the stream preamble").reduce(UInt64(0)) { ($0 << 8) | UInt64($1) })
        guard version <= Manifest.currentVersion else { throw ArchiveError.unsupportedVersion(path: "input stream", version: version) }
        guard let (kind, payload) = try readRecord() else {
            throw ArchiveError.stream(offset: offset, problem: "ended before the header record: the dump did not finish")
        }
        guard kind == StreamFormat.header else { throw ArchiveError.stream(offset: 12, problem: "expected the header record") }
        header = try Manifest.decode(payload, path: "input stream header")
    }

    private func readExactly(_ n: Int, what: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: n)
        var done = 0
        try out.withUnsafeMutableBytes { buf in
            while done < n {
                let r = Foundation.read(fd, buf.baseAddress! + done, n - done)
                if r < 0 {
                    if errno == EINTR { continue }
                    throw ArchiveError.io(path: "standard input", operation: "read", message: String(cString: strerror(errno)))
                }
                if r == 0 {
                    if let e = decryption?() { throw e }
                    throw ArchiveError.stream(offset: offset + Int64(done), problem: "ended inside \(what): the dump did not finish")
                }
                done += r
            }
        }
        offset += Int64(n)
        return out
    }

    private func readUInt(_ bytes: Int) throws -> UInt64 {
        try readExactly(bytes, what: "a record header").reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// nil at a clean end of input (between records).
    private func readRecord() throws -> (UInt8, [UInt8])? {
        var kind: UInt8 = 0
        var r: Int
        repeat { r = Foundation.read(fd, &kind, 1) } while r < 0 && errno == EINTR
        if r == 0 {
            if let e = decryption?() { throw e }
            return nil
        }
        if r < 0 { throw ArchiveError.io(path: "standard input", operation: "read", message: String(cString: strerror(errno))) }
        offset += 1
        let length = try readUInt(8)
        guard length <= StreamFormat.maxRecord else {
            throw ArchiveError.stream(offset: offset, problem: "record of \(length) bytes is larger than any dump writes")
        }
        return (kind, try readExactly(Int(length), what: "a record"))
    }

    public func nextSegment() throws -> LoadedSegment? {
        lock.lock(); defer { lock.unlock() }
        guard trailer == nil else { return nil }
        let start = offset
        guard let (kind, payload) = try readRecord() else {
            throw ArchiveError.stream(offset: offset, problem: "ended before the end record: the dump did not finish")
        }
        switch kind {
        case StreamFormat.segment:
            guard payload.count >= 4 else { throw ArchiveError.stream(offset: start, problem: "segment record too short") }
            let metaLength = Int(payload[0..<4].reduce(UInt64(0)) { ($0 << 8) | UInt64($1) })
            guard 4 + metaLength <= payload.count else {
                throw ArchiveError.stream(offset: start, problem: "segment metadata overruns its record")
            }
            let record: Manifest.Segment
            do { record = try JSONDecoder().decode(Manifest.Segment.self, from: Data(payload[4..<(4 + metaLength)])) } catch {
                throw ArchiveError.stream(offset: start, problem: "unreadable segment metadata: \(Manifest.describe(error))")
            }
            let body = Array(payload[(4 + metaLength)...])
            guard body.count == record.compressedBytes, HashingSink.hash(body) == record.sha256 else {
                throw ArchiveError.segment(path: record.path, problem: "sha256 or size mismatch in the input stream (at byte \(start))")
            }
            seen[record.path] = record.sha256
            return LoadedSegment(record: record) { sink in
                try body.withUnsafeBytes { try sink.write($0) }
                try sink.finish()
            }
        case StreamFormat.end:
            let manifest = try Manifest.decode(payload, path: "input stream end record")
            trailer = manifest
            return nil
        default:
            throw ArchiveError.stream(offset: start, problem: "unknown record kind 0x\(String(kind, radix: 16))")
        }
    }

    public func finish() throws -> Manifest {
        lock.lock(); defer { lock.unlock() }
        guard let t = trailer else {
            throw ArchiveError.stream(offset: offset, problem: "ended before the end record: the dump did not finish")
        }
        guard t.complete else { throw ArchiveError.incomplete(path: "input stream") }
        let listed = Dictionary(t.segments.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        guard listed == seen else {
            let missing = listed.keys.filter { seen[$0] == nil }.sorted()
            throw ArchiveError.stream(
                offset: offset,
                problem: "end record lists \(listed.count) segments but \(seen.count) arrived"
                    + (missing.isEmpty ? "" : " (missing: \(missing.prefix(3).joined(separator: ", ")))"))
        }
        return t
    }
}
