@testable import NativeBackup

/// Test-only integer encoder (also for unsigned, as bit patterns), written from `tsm1/int.go`.
enum IntegerEncoder {
    enum Mode {
        /// Go's choice: run length for 3+ values whose deltas after the first are all equal,
        /// uncompressed when a zigzag delta exceeds 60 bits, simple8b otherwise.
        case go
        case uncompressed
        case packed(randomSelectors: Bool)
        case runLength
    }

    static func zigzagDeltas(_ values: [UInt64]) -> [UInt64] {
        var previous: UInt64 = 0
        return values.map { value in
            defer { previous = value }
            return TestBytes.zigzag(value &- previous)
        }
    }

    /// Encodes, or nil when `mode` cannot represent these values.
    static func encode(_ values: [UInt64], mode: Mode, rng: inout SeededRandom) -> [UInt8]? {
        let z = zigzagDeltas(values)
        switch mode {
        case .go:
            let rest = z.dropFirst()
            if z.count > 2 && rest.allSatisfy({ $0 == rest.first }) { return encode(values, mode: .runLength, rng: &rng) }
            if z.isEmpty { return [] }  // Go's encodePacked returns nil for no values
            if z.contains(where: { $0 > Simple8b.maxValue }) { return encode(values, mode: .uncompressed, rng: &rng) }
            return encode(values, mode: .packed(randomSelectors: false), rng: &rng)
        case .uncompressed:
            return [0x00] + z.flatMap(TestBytes.bigEndian)
        case .packed(let randomSelectors):
            guard let first = z.first else { return nil }
            let rest = Array(z.dropFirst())
            let words = randomSelectors ? Simple8bPacker.packRandom(rest, using: &rng) : Simple8bPacker.packGreedy(rest)
            guard let words else { return nil }
            return [0x10] + TestBytes.bigEndian(first) + Simple8bPacker.bytes(words)
        case .runLength:
            guard let first = z.first else { return nil }
            let delta = z.count > 1 ? z[1] : 0
            guard z.dropFirst().allSatisfy({ $0 == delta }) else { return nil }
            return [0x20] + TestBytes.bigEndian(first) + TestBytes.uvarint(delta) + TestBytes.uvarint(UInt64(z.count - 1))
        }
    }
}
