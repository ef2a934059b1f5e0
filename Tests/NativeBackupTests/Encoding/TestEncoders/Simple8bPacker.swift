@testable import NativeBackup

/// Test-only simple8b packer, written from `pkg/encoding/simple8b/encoding.go`'s description.
enum Simple8bPacker {
    /// (values per word, bits per value) for selectors 0...15; 0 bits means a run of ones.
    static let layouts: [(count: Int, bits: Int)] = [
        (240, 0), (120, 0), (60, 1), (30, 2), (20, 3), (15, 4), (12, 5), (10, 6),
        (8, 7), (7, 8), (6, 10), (5, 12), (4, 15), (3, 20), (2, 30), (1, 60),
    ]

    /// Whether `selector` can take the next values of `remaining` (a whole word's worth).
    static func fits(_ selector: Int, _ remaining: ArraySlice<UInt64>) -> Bool {
        let (count, bits) = layouts[selector]
        guard remaining.count >= count else { return false }
        let chunk = remaining.prefix(count)
        if bits == 0 { return chunk.allSatisfy { $0 == 1 } }
        return chunk.allSatisfy { $0 < (1 << UInt64(bits)) }
    }

    static func word(_ selector: Int, _ values: ArraySlice<UInt64>) -> UInt64 {
        let (count, bits) = layouts[selector]
        var word = UInt64(selector) << 60
        guard bits > 0 else { return word }
        for (k, v) in values.prefix(count).enumerated() {
            word |= v << UInt64(k * bits)
        }
        return word
    }

    /// Go's `EncodeAll`: runs of ones first, then the first selector (fewest bits) that fits.
    /// Nil when a value exceeds 60 bits.
    static func packGreedy(_ values: [UInt64]) -> [UInt64]? {
        pack(values) { remaining in (0..<16).first { fits($0, remaining) } }
    }

    /// Any fitting selector at each step, so every selector shows up in the fuzz corpus.
    static func packRandom(_ values: [UInt64], using rng: inout SeededRandom) -> [UInt64]? {
        pack(values) { remaining in (0..<16).filter { fits($0, remaining) }.randomElement(using: &rng) }
    }

    private static func pack(_ values: [UInt64], choose: (ArraySlice<UInt64>) -> Int?) -> [UInt64]? {
        var words: [UInt64] = []
        var remaining = values[...]
        while !remaining.isEmpty {
            guard let selector = choose(remaining) else { return nil }
            words.append(word(selector, remaining))
            remaining = remaining.dropFirst(layouts[selector].count)
        }
        return words
    }

    static func bytes(_ words: [UInt64]) -> [UInt8] {
        words.flatMap(TestBytes.bigEndian)
    }
}
