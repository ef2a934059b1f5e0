import Foundation

/// SplitMix64: small, fast and fully determined by its seed, so a failing fuzz case can be replayed
/// with `NB_FUZZ_SEED=<seed> swift test`.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed for this run: `NB_FUZZ_SEED` if set (to replay a failure), otherwise a fresh one.
    static func runSeed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["NB_FUZZ_SEED"], let seed = UInt64(text) {
            return seed
        }
        return UInt64.random(in: 0...UInt64.max)
    }

    /// A value biased toward edge cases: mostly small, sometimes near the extremes.
    mutating func edgyUInt64() -> UInt64 {
        switch Int.random(in: 0..<8, using: &self) {
        case 0: return [0, 1, UInt64.max, UInt64.max - 1, 1 << 63, (1 << 63) - 1, 1 << 60, (1 << 60) - 1].randomElement(using: &self) ?? 0
        case 1: return UInt64.random(in: 0...UInt64.max, using: &self)
        case 2: return UInt64.random(in: 0..<(1 << 60), using: &self)
        default: return UInt64.random(in: 0..<(1 << UInt64.random(in: 1...40, using: &self)), using: &self)
        }
    }
}
