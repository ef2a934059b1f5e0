/// The replay of WAL entries into per-key pieces (one per write entry), deletes applied in order.
struct WALReplay {
    /// Per key, its writes in order; merged (later wins) when the replay is done.
    var pieces: [[UInt8]: [DecodedBlock]] = [:]
    var notes: [String] = []

    /// Replays one segment; a damaged entry ends it, as in the engine, which decodes an entry
    /// whole before applying any of it. A write whose type differs from the key's earlier
    /// values is an error: influxd then fails to load the shard at all (`Cache.WriteMulti`).
    mutating func segment(_ b: [UInt8], label: String) throws(NativeBackupError) {
        var i = 0
        while i < b.count {
            guard i + 5 <= b.count else { return stop(label, at: i, "a torn entry header") }
            let type = b[i]
            let length = Int(BigEndianReader.value(b[(i + 1)..<(i + 5)]))
            guard length <= b.count - i - 5 else { return stop(label, at: i, "an entry cut short") }
            guard let body = WALCache.uncompress(b[(i + 5)..<(i + 5 + length)]) else {
                return stop(label, at: i, "an entry that is not snappy")
            }
            switch type {
            case 1:
                let writes: [(key: [UInt8], block: DecodedBlock)]
                do { writes = try Self.writes(body) } catch { return stop(label, at: i, Self.reason(error)) }
                try apply(writes, label: label, at: i)
            case 2: deleteKeys(body)
            case 3:
                let delete: (range: ClosedRange<Int64>?, keys: [[UInt8]])
                do { delete = try Self.rangeDelete(body) } catch { return stop(label, at: i, Self.reason(error)) }
                deleteRange(delete)
            default: return stop(label, at: i, "an entry of unknown type \(type)")
            }
            i += 5 + length
        }
    }

    /// Why an entry did not decode, for the note.
    private static func reason(_ error: Error) -> String {
        (error as? BlockDecodingError)?.reason ?? "an entry cut short"
    }

    private mutating func stop(_ label: String, at offset: Int, _ why: String) {
        notes.append(
            "\(label): \(why) at byte \(offset); influxd stops reading this segment there too (and truncates it), so the rest of it was not read"
        )
    }

    /// A decoded write entry, applied.
    private mutating func apply(_ writes: [(key: [UInt8], block: DecodedBlock)], label: String, at offset: Int) throws(NativeBackupError) {
        for (key, block) in writes {
            if let first = pieces[key]?.first, first.values.type != block.values.type {
                throw .damagedBlock(
                    path: label, key: String(decoding: key, as: UTF8.self),
                    message:
                        "the entry at byte \(offset) writes \(block.values.type) values after \(first.values.type) ones; influxd would not load this shard"
                )
            }
            pieces[key, default: []].append(block)
        }
    }

    /// `(type u8 || keyLen u16 || key || count u32 || count values)*`; values are `time i64`
    /// then 8 bytes (float, integer, unsigned), 1 byte (boolean) or `len u32 || bytes` (string).
    private static func writes(_ b: [UInt8]) throws -> [(key: [UInt8], block: DecodedBlock)] {
        var r = BigEndianReader(b)
        var out: [(key: [UInt8], block: DecodedBlock)] = []
        while !r.atEnd {
            let type = try r.u8()
            let key = try r.bytes(Int(try r.be(2)))
            let count = Int(try r.be(4))
            guard count > 0, count <= b.count else { throw BlockDecodingError(reason: "a write of \(count) values") }
            out.append((key, try Self.values(&r, type: type, count: count)))
        }
        return out
    }

    private static func values(_ r: inout BigEndianReader, type: UInt8, count: Int) throws -> DecodedBlock {
        var times: [Int64] = []
        times.reserveCapacity(count)
        var words: [UInt64] = []
        var flags: [Bool] = []
        var strings = StringValues(bytes: [], ends: [])
        for _ in 0..<count {
            times.append(Int64(bitPattern: try r.be(8)))
            switch type {
            case 1, 2, 5: words.append(try r.be(8))
            case 3: flags.append(try r.u8() == 1)
            case 4:
                strings.bytes += try r.bytes(Int(try r.be(4)))
                strings.ends.append(strings.bytes.count)
            default: throw BlockDecodingError(reason: "unknown value type \(type)")
            }
        }
        switch type {
        case 1: return DecodedBlock(timestamps: times, values: .float(words.map { Double(bitPattern: $0) }))
        case 2: return DecodedBlock(timestamps: times, values: .integer(words.map { Int64(bitPattern: $0) }))
        case 5: return DecodedBlock(timestamps: times, values: .unsigned(words))
        case 3: return DecodedBlock(timestamps: times, values: .boolean(flags))
        default: return DecodedBlock(timestamps: times, values: .string(strings))
        }
    }

    /// Keys separated by `\n`: every value of each goes.
    private mutating func deleteKeys(_ b: [UInt8]) {
        guard !b.isEmpty else { return }
        for key in b.split(separator: 0x0A, omittingEmptySubsequences: false) { pieces[Array(key)] = nil }
    }

    /// `min i64 || max i64 || (len u32 || key)*`: the keys' values with `min ≤ time ≤ max` go.
    private static func rangeDelete(_ b: [UInt8]) throws -> (range: ClosedRange<Int64>?, keys: [[UInt8]]) {
        var r = BigEndianReader(b)
        let min = Int64(bitPattern: try r.be(8))
        let max = Int64(bitPattern: try r.be(8))
        var keys: [[UInt8]] = []
        while !r.atEnd { keys.append(try r.bytes(Int(try r.be(4)))) }
        // A reversed range deletes nothing, in the engine as here.
        return (min <= max ? min...max : nil, keys)
    }

    private mutating func deleteRange(_ d: (range: ClosedRange<Int64>?, keys: [[UInt8]])) {
        guard let range = d.range else { return }
        for key in d.keys {
            guard let list = pieces[key] else { continue }
            pieces[key] = list.map { $0.removing([range]) }
        }
    }
}
