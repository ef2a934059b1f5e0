@testable import NativeBackup

/// Test-only timestamp encoder, written from `tsm1/timestamp.go`'s description.
enum TimestampEncoder {
    enum Mode {
        /// Go's choice: run length when every delta is equal (and there are 2+), uncompressed when a
        /// delta exceeds 60 bits, simple8b otherwise; divisor the largest power of ten <= 10^12.
        case go
        case uncompressed
        case packed(divisorExponent: Int, randomSelectors: Bool)
        case runLength(divisorExponent: Int)
    }

    static func deltas(_ timestamps: [Int64]) -> [UInt64] {
        var out: [UInt64] = []
        for i in timestamps.indices {
            let value = UInt64(bitPattern: timestamps[i])
            out.append(i == 0 ? value : value &- UInt64(bitPattern: timestamps[i - 1]))
        }
        return out
    }

    /// Go's divisor search over the deltas after the first.
    static func goDivisorExponent(_ deltas: [UInt64]) -> Int {
        var exponent = 12
        for v in deltas.dropFirst() {
            while exponent > 0 && v % TimestampDecoder.powerOfTen(UInt8(exponent)) != 0 { exponent -= 1 }
        }
        return exponent
    }

    /// Encodes, or nil when `mode` cannot represent these timestamps.
    static func encode(_ timestamps: [Int64], mode: Mode, rng: inout SeededRandom) -> [UInt8]? {
        guard !timestamps.isEmpty else { return [] }
        let d = deltas(timestamps)
        switch mode {
        case .go:
            let rest = d.dropFirst()
            let exponent = goDivisorExponent(d)
            if timestamps.count > 1 && rest.allSatisfy({ $0 == rest.first }) {
                return encode(timestamps, mode: .runLength(divisorExponent: exponent), rng: &rng)
            }
            if rest.contains(where: { $0 > Simple8b.maxValue }) {
                return encode(timestamps, mode: .uncompressed, rng: &rng)
            }
            return encode(timestamps, mode: .packed(divisorExponent: exponent, randomSelectors: false), rng: &rng)
        case .uncompressed:
            return [0x00] + d.flatMap(TestBytes.bigEndian)
        case .packed(let exponent, let randomSelectors):
            let divisor = TimestampDecoder.powerOfTen(UInt8(exponent))
            let rest = d.dropFirst()
            guard rest.allSatisfy({ $0 % divisor == 0 }) else { return nil }
            let scaled = rest.map { $0 / divisor }
            let words = randomSelectors ? Simple8bPacker.packRandom(scaled, using: &rng) : Simple8bPacker.packGreedy(scaled)
            guard let words else { return nil }
            return [0x10 | UInt8(exponent)] + TestBytes.bigEndian(d[0]) + Simple8bPacker.bytes(words)
        case .runLength(let exponent):
            let divisor = TimestampDecoder.powerOfTen(UInt8(exponent))
            let delta = d.count > 1 ? d[1] : 0
            guard d.dropFirst().allSatisfy({ $0 == delta }), delta % divisor == 0 else { return nil }
            return [0x20 | UInt8(exponent)] + TestBytes.bigEndian(d[0]) + TestBytes.uvarint(delta / divisor)
                + TestBytes.uvarint(UInt64(timestamps.count))
        }
    }
}
