import Foundation

/// The deletes recorded against one TSM file (`<file>.tombstone`): per TSM key, the inclusive
/// time ranges whose values are gone (`DROP SERIES` and `DROP MEASUREMENT` delete everything,
/// `DELETE … WHERE time` a range). Applied only to that file's blocks, as the engine does.
///
/// Formats (`tsdb/engine/tsm1/tombstone.go`), told apart by a 4-byte big-endian header:
/// - v1 (no header): text, one key per line, every time deleted;
/// - v2 (0x1502): records `keyLen u32 || key || min i64 || max i64`;
/// - v3 (0x1503): the same records in one gzip member;
/// - v4 (0x1504): the same records in gzip members back to back, one per batch of deletes.
public struct Tombstones: Sendable, Equatable {
    public private(set) var ranges: [[UInt8]: [ClosedRange<Int64>]] = [:]

    public init() {}

    public var isEmpty: Bool { ranges.isEmpty }

    /// The ranges deleted for `key`, or nil.
    public func deleted(_ key: [UInt8]) -> [ClosedRange<Int64>]? { ranges[key] }

    mutating func add(_ key: [UInt8], _ range: ClosedRange<Int64>) { ranges[key, default: []].append(range) }

    /// Reads `path`; errors name `label` (the file as the user knows it).
    public static func load(path: String, label: String? = nil) throws(NativeBackupError) -> Tombstones {
        let label = label ?? path
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw .io(path: label, operation: "read", message: error.localizedDescription)
        }
        return try parse(bytes, path: label)
    }

    static func parse(_ bytes: [UInt8], path: String) throws(NativeBackupError) -> Tombstones {
        let header = bytes.count >= 4 ? BigEndianReader.value(bytes[0..<4]) : 0
        switch header {
        case 0x1504, 0x1503:
            let inflated: [UInt8]
            do { inflated = try Gunzip.inflate(bytes, from: 4) } catch { throw .tombstoneUnreadable(path: path, message: error.message) }
            return try records(inflated, path: path)
        case 0x1502: return try records(Array(bytes[4...]), path: path)
        default: return v1(bytes)
        }
    }

    /// v1: keys, one per line, as `bufio.ScanLines` splits them (a CR before the LF is dropped);
    /// an empty file is an empty v1 file, as the engine reads it.
    private static func v1(_ bytes: [UInt8]) -> Tombstones {
        var t = Tombstones()
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = raw.last == 0x0D ? raw.dropLast() : raw
            if !line.isEmpty { t.add(Array(line), Int64.min...Int64.max) }
        }
        return t
    }

    private static func records(_ b: [UInt8], path: String) throws(NativeBackupError) -> Tombstones {
        var t = Tombstones()
        var r = BigEndianReader(b)
        while !r.atEnd {
            let start = r.offset
            do {
                let key = try r.bytes(Int(try r.be(4)))
                let min = Int64(bitPattern: try r.be(8))
                let max = Int64(bitPattern: try r.be(8))
                // A reversed range deletes nothing, in the engine as here.
                if min <= max { t.add(key, min...max) }
            } catch { throw .tombstoneUnreadable(path: path, message: "truncated record at byte \(start)") }
        }
        return t
    }
}
