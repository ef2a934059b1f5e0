internal import CSnappy
import Foundation

/// What a stopped server's WAL holds for one shard: the cache it would rebuild on start
/// (`CacheLoader.Load`), replayed the same way. Segments `_NNNNN.wal` in name order, each a run
/// of entries `type u8 || length u32 || snappy(body)`: 1 writes, 2 deletes of whole keys, 3
/// deletes of a time range (`tsdb/engine/tsm1/wal.go`). A write appends; a delete applies to what
/// the replay holds so far. Where the engine stops reading a segment at a damaged entry (and
/// truncates it), this reader stops too, and says so in `notes`: nothing is changed on disk.
///
/// Memory: every value of the WAL, as the server's cache held them when it stopped.
public struct WALCache: Sendable {
    /// Keys with values, sorted bytewise; `values[key]` is time-ordered, at equal times the later write kept.
    public private(set) var keys: [[UInt8]] = []
    public private(set) var values: [[UInt8]: DecodedBlock] = [:]
    /// Entries the engine would also skip (a damaged or torn tail of a segment).
    public private(set) var notes: [String] = []
    /// The WAL folder, as errors name it.
    public private(set) var label = ""

    public init() {}

    /// Replays the segments in `folder` (a shard's WAL folder); errors and notes name `label`.
    public static func load(folder: String, label: String) throws(NativeBackupError) -> WALCache {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw .io(path: label, operation: "list", message: error.localizedDescription)
        }
        var replay = WALReplay()
        for name in names.filter({ $0.hasPrefix("_") && $0.hasSuffix(".wal") }).sorted() {
            let bytes: [UInt8]
            do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) } catch {
                throw .io(path: label + "/" + name, operation: "read", message: error.localizedDescription)
            }
            try replay.segment(bytes, label: label + "/" + name)
        }
        var cache = WALCache()
        cache.notes = replay.notes
        cache.label = label
        for (key, pieces) in replay.pieces {
            let live = pieces.filter { !$0.timestamps.isEmpty }
            guard !live.isEmpty else { continue }
            cache.values[key] = BlockMerge.merge(live)
        }
        cache.keys = cache.values.keys.sorted { $0.lexicographicallyPrecedes($1) }
        return cache
    }

    /// Snappy-decodes one entry's body.
    static func uncompress(_ body: ArraySlice<UInt8>) -> [UInt8]? {
        body.withUnsafeBytes { src -> [UInt8]? in
            guard let base = src.baseAddress?.assumingMemoryBound(to: CChar.self) else { return [] }
            var length = 0
            guard snappy_uncompressed_length(base, src.count, &length) == SNAPPY_OK, length <= 64 * src.count + 64 else { return nil }
            var out = [UInt8](repeating: 0, count: length)
            let ok = out.withUnsafeMutableBytes { dst in
                var n = length
                return snappy_uncompress(base, src.count, dst.baseAddress?.assumingMemoryBound(to: CChar.self), &n) == SNAPPY_OK
                    && n == length
            }
            return ok ? out : nil
        }
    }
}
