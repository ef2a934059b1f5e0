import Foundation

/// The number of distinct series, in bounded memory: exact (a set of 64-bit hashes) up to
/// `exactLimit`, then a HyperLogLog of 2^12 one-byte registers (4 KiB, standard error 1.6%).
///
/// Hashes are FNV-1a of the series key; `insert` mixes them again (SplitMix64's finalizer), since
/// HyperLogLog needs every bit to be evenly spread.
public struct SeriesSketch: Sendable, Equatable {
    /// Past this many distinct hashes the set becomes registers: about 1 MiB of set at most.
    public static let defaultExactLimit = 65_536
    static let precision = 12

    public private(set) var exact: Set<UInt64>? = []
    private var registers: [UInt8]? = nil
    public let exactLimit: Int

    public init(exactLimit: Int = SeriesSketch.defaultExactLimit) {
        self.exactLimit = exactLimit
    }

    /// Whether `count` is an estimate.
    public var isEstimate: Bool { exact == nil }

    /// Distinct hashes inserted: exact, or the HyperLogLog estimate.
    public var count: Int64 {
        if let exact { return Int64(exact.count) }
        return Self.estimate(registers ?? [])
    }

    /// Hashes held exactly (what the sketch costs beyond its 4 KiB of registers).
    public var held: Int { exact?.count ?? 0 }

    public mutating func insert(_ hash: UInt64) {
        if exact != nil {
            exact!.insert(hash)
            if exact!.count > exactLimit { toRegisters() }
        } else {
            Self.add(hash, to: &registers!)
        }
    }

    public mutating func merge(_ other: SeriesSketch) {
        if let set = other.exact {
            for h in set { insert(h) }
            return
        }
        toRegisters()
        for (i, r) in other.registers!.enumerated() where r > registers![i] { registers![i] = r }
    }

    /// Gives up exactness now (to stay within a budget shared with other sketches).
    public mutating func toRegisters() {
        guard let set = exact else { return }
        var r = [UInt8](repeating: 0, count: 1 << Self.precision)
        for h in set { Self.add(h, to: &r) }
        registers = r
        exact = nil
    }

    /// FNV-1a over `bytes`: the hash `insert` expects.
    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    private static func add(_ hash: UInt64, to registers: inout [UInt8]) {
        var z = hash &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        let index = Int(z >> UInt64(64 - precision))
        let rest = (z << UInt64(precision)) | (1 << UInt64(precision - 1))  // a stop bit bounds the rank
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// Flajolet et al.'s estimate, with linear counting while registers are still empty.
    static func estimate(_ registers: [UInt8]) -> Int64 {
        let m = Double(registers.count)
        guard m > 0 else { return 0 }
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m, zeros > 0 { return Int64((m * log(m / Double(zeros))).rounded()) }
        return Int64(raw.rounded())
    }
}
