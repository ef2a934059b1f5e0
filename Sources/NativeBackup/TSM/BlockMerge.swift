/// Joins the decoded blocks of one key, given oldest first, into one time-ordered run: at equal
/// timestamps the later block's value wins (the engine's `Values.Merge`).
enum BlockMerge {
    static func merge(_ pieces: [DecodedBlock]) -> DecodedBlock {
        if pieces.count == 1, isIncreasing(pieces[0].timestamps) { return pieces[0] }
        var picks: [(piece: Int, index: Int)] = []
        picks.reserveCapacity(pieces.reduce(0) { $0 + $1.timestamps.count })
        if isDisjointAscending(pieces) {
            for (p, block) in pieces.enumerated() { for i in block.timestamps.indices { picks.append((p, i)) } }
        } else {
            var all: [(time: Int64, piece: Int, index: Int)] = []
            for (p, block) in pieces.enumerated() { for (i, t) in block.timestamps.enumerated() { all.append((t, p, i)) } }
            // By time, then by age: the last of equal times is the newest, and is kept.
            all.sort { ($0.time, $0.piece, $0.index) < ($1.time, $1.piece, $1.index) }
            for (n, v) in all.enumerated() where n + 1 == all.count || all[n + 1].time != v.time { picks.append((v.piece, v.index)) }
        }
        let times = picks.map { pieces[$0.piece].timestamps[$0.index] }
        return DecodedBlock(timestamps: times, values: BlockValues.gather(pieces.map(\.values), picks))
    }

    /// Each block strictly increasing and wholly after the one before: a plain concatenation.
    static func isDisjointAscending(_ pieces: [DecodedBlock]) -> Bool {
        var last = Int64.min
        var first = true
        for block in pieces {
            guard let head = block.timestamps.first, first || head > last, isIncreasing(block.timestamps) else { return false }
            last = block.timestamps[block.timestamps.count - 1]
            first = false
        }
        return true
    }

    static func isIncreasing(_ times: [Int64]) -> Bool {
        var i = 1
        while i < times.count {
            if times[i] <= times[i - 1] { return false }
            i += 1
        }
        return true
    }
}
