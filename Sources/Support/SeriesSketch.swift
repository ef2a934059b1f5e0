import Foundation

/// The number of distinct series, in bounded memory: exact (a set of 64-bit hashes) up to
/// `exactLimit`, then a HyperLogLog of 2^12 one-byte registers (4 KiB, standard error 1.6%).
///
/// Hashes are `hash(_:)` of the series key; the registers mix them once more (SplitMix64's
/// finalizer), since HyperLogLog needs every bit evenly spread whatever hash it is given.
public struct SeriesSketch: Sendable, Equatable {
    /// Past this many distinct hashes the set becomes registers: about 1 MiB of set at most.
    public static let defaultExactLimit = 65_536
    static let precision = 12

    public private(set) var exact: Set<UInt64>? = []
    /// A direct-mapped cache of recent hashes for `insertRepeated` (`UInt64.max`: empty).
    private var recent: [UInt64] = []
    private var registers: [UInt8]? = nil
    public let exactLimit: Int

    public init(exactLimit: Int = SeriesSketch.defaultExactLimit) {
        self.exactLimit = exactLimit
    }

    /// Equal counts of the same hashes (the cache of `insertRepeated` is not compared).
    public static func == (a: SeriesSketch, b: SeriesSketch) -> Bool {
        a.exact == b.exact && a.registers == b.registers && a.exactLimit == b.exactLimit
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

    /// `insert` for a stream that repeats the same few hashes (rows in time order cycle through
    /// the same series): most repeats are caught by a 1,024-slot cache and cost no set look-up.
    @inline(__always)
    public mutating func insertRepeated(_ hash: UInt64) {
        if recent.isEmpty { recent = [UInt64](repeating: .max, count: 1024) }
        let slot = Int(truncatingIfNeeded: hash) & 1023
        guard recent[slot] != hash || hash == .max else { return }
        recent[slot] = hash
        insert(hash)
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

    /// A 64-bit hash of `bytes`, eight bytes per step (multiply and fold, each step a bijection
    /// of the state), then SplitMix64's finalizer: the hash `insert` expects.
    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x243f_6a88_85a3_08d3 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9e37_79b9_7f4a_7c15
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x9e37_79b9_7f4a_7c15
        return mix(h)
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private static func add(_ hash: UInt64, to registers: inout [UInt8]) {
        let z = mix(hash)
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
