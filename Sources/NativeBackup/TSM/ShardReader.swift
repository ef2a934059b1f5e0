/// Reads one measurement of an unpacked shard series by series, as the engine would answer it:
/// a key's blocks from every file, oldest file first, each without what its own file's
/// tombstones delete; where blocks overlap, the value of the later block (the newer file) wins
/// at equal timestamps (`KeyCursor` with `ascLocations`, `Values.Merge`).
///
/// Memory: one series' values at a time (every field of it in this shard), plus a 256 KiB
/// read-ahead window per file.
public struct ShardReader {
    private let shard: ShardFiles
    private var windows: [BlockWindow]

    public init(_ shard: ShardFiles) {
        self.shard = shard
        windows = Array(repeating: BlockWindow(), count: shard.files.count)
    }

    /// Calls `body` with each series of `measurement` (as `ShardScan` found it) in key order.
    /// Series whose every value is deleted are not passed.
    public mutating func read(
        measurement: [UInt8], in scan: ShardScan.Measurement, _ body: (SeriesData) throws -> Void
    ) throws {
        var cursors: [(file: Int, cursor: RunCursor)] = []
        for (f, starts) in scan.runs.enumerated() where !starts.isEmpty && f < shard.files.count {
            cursors.append((f, try RunCursor(file: shard.files[f], starts: starts)))
        }
        var cached = shard.cache.map { CacheRunCursor(cache: $0, starts: scan.runs[shard.files.count]) }
        var series: SeriesData? = nil
        var seriesKey: ArraySlice<UInt8> = []
        var parts: [(file: Int, key: TSMIndexKey)] = []
        while let key = Self.smallest(cursors, cached?.current) {
            parts.removeAll(keepingCapacity: true)
            for i in cursors.indices {
                guard let k = cursors[i].cursor.current, k.key == key else { continue }
                parts.append((cursors[i].file, k))
                try cursors[i].cursor.advance()
            }
            var newest: DecodedBlock? = nil
            if cached?.current == key {
                newest = cached?.values
                cached?.advance()
            }
            let (s, field) = TSMKey.split(key)
            if series == nil || s != seriesKey {
                if let done = series, !done.fields.isEmpty { try body(done) }
                series = SeriesData(measurement: measurement, tags: TSMKey.tags(s), fields: [])
                seriesKey = s
            }
            if let values = try merged(parts, newest: newest, key: key) {
                series?.fields.append(SeriesData.Field(name: Array(field), timestamps: values.timestamps, values: values.values))
            }
        }
        if let done = series, !done.fields.isEmpty { try body(done) }
    }

    /// The smallest current key of the cursors and of the cache (bytewise), without copying any.
    private static func smallest(_ cursors: [(file: Int, cursor: RunCursor)], _ cached: [UInt8]?) -> [UInt8]? {
        var best: [UInt8]? = cached
        for c in cursors {
            guard let k = c.cursor.current?.key else { continue }
            if let b = best, !k.lexicographicallyPrecedes(b) { continue }
            best = k
        }
        return best
    }

    /// The surviving values of one key, or nil when none survive. `newest`: the WAL cache's
    /// values of the key, which win over every file's (the engine merges its cache last).
    private mutating func merged(
        _ parts: [(file: Int, key: TSMIndexKey)], newest: DecodedBlock?, key: [UInt8]
    ) throws(NativeBackupError) -> DecodedBlock? {
        var pieces: [DecodedBlock] = []
        var type: (TSMBlockType, String)? = nil
        for (f, k) in parts {
            let file = shard.files[f]
            let deleted = shard.tombstones[f].isEmpty ? [] : shard.tombstones[f].deleted(k.key) ?? []
            for entry in k.entries where !deleted.contains(where: { $0.lowerBound <= entry.minTime && entry.maxTime <= $0.upperBound }) {
                let bytes = try windows[f].block(entry, of: file)
                try file.checkBlock(bytes, entry, key: k.key)
                var block = try decode(bytes, entry, key: k.key, file: file)
                if let (t, where_) = type, t != block.values.type {
                    throw .damagedBlock(
                        path: file.label, key: String(decoding: k.key, as: UTF8.self),
                        message: "\(block.values.type) block where \(where_) has \(t) blocks of the same key")
                }
                type = type ?? (block.values.type, file.label)
                if !deleted.isEmpty { block = block.removing(deleted) }
                if !block.timestamps.isEmpty { pieces.append(block) }
            }
        }
        if let newest, !newest.timestamps.isEmpty {
            if let (t, where_) = type, t != newest.values.type {
                throw .damagedBlock(
                    path: shard.cache?.label ?? where_, key: String(decoding: key, as: UTF8.self),
                    message: "the WAL has \(newest.values.type) values of a key whose blocks in \(where_) are \(t)")
            }
            pieces.append(newest)
        }
        return pieces.isEmpty ? nil : BlockMerge.merge(pieces)
    }

    /// Decodes a block as read (`bytes`: its CRC, then its data).
    private func decode(_ bytes: ArraySlice<UInt8>, _ entry: TSMIndexEntry, key: [UInt8], file: TSMFile) throws(NativeBackupError)
        -> DecodedBlock
    {
        let decoded = bytes.withUnsafeBytes { b -> Result<DecodedBlock, BlockDecodingError> in
            do throws(BlockDecodingError) {
                return .success(try TSMBlock.decode(UnsafeRawBufferPointer(rebasing: b[4...])))
            } catch { return .failure(error) }
        }
        switch decoded {
        case .success(let block): return block
        case .failure(let error):
            throw .damagedBlock(
                path: file.label, key: String(decoding: key, as: UTF8.self), message: "block at byte \(entry.offset): \(error.reason)")
        }
    }
}
