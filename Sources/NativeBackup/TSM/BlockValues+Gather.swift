extension BlockValues {
    /// The values `picks` name, in order: `(piece, index)` is value `index` of `pieces[piece]`.
    /// Every piece has this type (the caller checked).
    static func gather(_ pieces: [BlockValues], _ picks: [(piece: Int, index: Int)]) -> BlockValues {
        switch pieces.first {
        case .float?: return .float(take(pieces, picks) { if case .float(let v) = $0 { v } else { [] } })
        case .integer?: return .integer(take(pieces, picks) { if case .integer(let v) = $0 { v } else { [] } })
        case .unsigned?: return .unsigned(take(pieces, picks) { if case .unsigned(let v) = $0 { v } else { [] } })
        case .boolean?: return .boolean(take(pieces, picks) { if case .boolean(let v) = $0 { v } else { [] } })
        case .string?:
            let strings = pieces.map { if case .string(let s) = $0 { s } else { StringValues(bytes: [], ends: []) } }
            var out = StringValues(bytes: [], ends: [])
            out.ends.reserveCapacity(picks.count)
            for p in picks { out.append(strings[p.piece][p.index]) }
            return .string(out)
        case nil: return .float([])
        }
    }

    private static func take<T>(_ pieces: [BlockValues], _ picks: [(piece: Int, index: Int)], _ unwrap: (BlockValues) -> [T]) -> [T] {
        let arrays = pieces.map(unwrap)
        var out: [T] = []
        out.reserveCapacity(picks.count)
        for p in picks { out.append(arrays[p.piece][p.index]) }
        return out
    }
}

extension StringValues {
    /// Appends one value.
    mutating func append(_ value: ArraySlice<UInt8>) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
    }
}
