@testable import NativeBackup

/// One generated block and what it must decode to.
struct FuzzCase {
    var bytes: [UInt8]
    var timestamps: [Int64]
    var values: BlockValues
    var note: String
}

/// Random but seeded inputs that lean on the edges of every encoding.
enum BlockGenerator {
    /// Block sizes around every simple8b and byte boundary, plus Go's full 1000.
    static func count(_ rng: inout SeededRandom) -> Int {
        let edges = [1, 2, 3, 7, 8, 9, 59, 60, 61, 119, 120, 121, 239, 240, 241, 242, 361, 999, 1000]
        return Bool.random(using: &rng) ? edges.randomElement(using: &rng) ?? 1 : Int.random(in: 1...1000, using: &rng)
    }

    static func timestamps(_ count: Int, _ rng: inout SeededRandom) -> ([Int64], String) {
        let start = Int64(bitPattern: rng.edgyUInt64())
        let power = Int64(TimestampDecoder.powerOfTen(UInt8.random(in: 0...15, using: &rng)))
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:  // evenly spaced on a power of ten: run length in Go's encoder
            let step = power &* Int64.random(in: 1...9, using: &rng)
            return (walk(count, start, &rng) { _ in step }, "regular")
        case 1:  // spaced on a power of ten with gaps: simple8b with a divisor
            return (walk(count, start, &rng) { power &* Int64.random(in: 0...30, using: &$0) }, "scaled")
        case 2:  // deltas mostly 1, so runs of 240 and 120 ones appear
            return (walk(count, start, &rng) { Int.random(in: 0..<300, using: &$0) == 0 ? 2 : 1 }, "ones")
        case 3:  // a gap beyond 60 bits forces the uncompressed layout
            return (walk(count, start, &rng) { Int64.random(in: 1...(1 << 62), using: &$0) }, "huge")
        case 4:  // unsorted, anywhere in Int64: deltas wrap
            return ((0..<count).map { _ in Int64(bitPattern: rng.edgyUInt64()) }, "random")
        case 5:  // duplicates and the extremes
            let extremes = [Int64.min, .max, 0, -1, start]
            return ((0..<count).map { _ in extremes.randomElement(using: &rng) ?? 0 }, "extremes")
        default:  // nanosecond jitter around one-second spacing
            return (walk(count, start, &rng) { 1_000_000_000 + Int64.random(in: -999...999, using: &$0) }, "jitter")
        }
    }

    /// `count` values from `start`, each next one `step` further on (wrapping).
    private static func walk<T: FixedWidthInteger>(
        _ count: Int, _ start: T, _ rng: inout SeededRandom, step: (inout SeededRandom) -> T
    ) -> [T] {
        var value = start
        var out: [T] = []
        for _ in 0..<count {
            out.append(value)
            value &+= step(&rng)
        }
        return out
    }

    /// The timestamp section in Go's layout or a randomly forced one that can represent them.
    static func timestampSection(_ timestamps: [Int64], _ rng: inout SeededRandom) -> ([UInt8], String) {
        let exponent = Int.random(in: 0...15, using: &rng)
        let modes: [(TimestampEncoder.Mode, String)] = [
            (.go, "go"), (.uncompressed, "raw"),
            (.packed(divisorExponent: exponent, randomSelectors: true), "s8b/\(exponent)"),
            (.packed(divisorExponent: 0, randomSelectors: true), "s8b/0"),
            (.runLength(divisorExponent: exponent), "rle/\(exponent)"),
        ]
        let (mode, name) = modes.randomElement(using: &rng) ?? (.go, "go")
        if let bytes = TimestampEncoder.encode(timestamps, mode: mode, rng: &rng) { return (bytes, name) }
        return (TimestampEncoder.encode(timestamps, mode: .go, rng: &rng) ?? [], "go")
    }

    static func floats(_ count: Int, _ rng: inout SeededRandom, allowNaN: Bool) -> [Double] {
        let specials: [Double] = [
            0, -0.0, 1, -1, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            .leastNonzeroMagnitude, .leastNormalMagnitude, Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), .pi, 1e-300,
        ]
        let nans = [Double.nan, -Double.nan, Double(bitPattern: 0x7FF0_0000_0000_0001), Double(bitPattern: 0x7FF8_0000_0000_0002)]
        var walk = Double(Int.random(in: -1000...1000, using: &rng))
        return (0..<count).map { _ in
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return specials.randomElement(using: &rng) ?? 0
            case 1: return allowNaN ? nans.randomElement(using: &rng) ?? 0 : walk
            case 2:
                let bits = UInt64.random(in: 0...UInt64.max, using: &rng)
                return Double(bitPattern: bits).isNaN ? 0 : Double(bitPattern: bits)
            case 3: return Double(Int64(bitPattern: rng.edgyUInt64()))
            default:
                walk += Double(Int.random(in: -2...2, using: &rng)) * 0.25
                return walk
            }
        }
    }

    static func integers(_ count: Int, _ rng: inout SeededRandom) -> [UInt64] {
        let start = rng.edgyUInt64()
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:  // arithmetic progression: run length
            let step = rng.edgyUInt64()
            return walk(count, start, &rng) { _ in step }
        case 1:  // small steps either way
            return walk(count, start, &rng) { UInt64(bitPattern: Int64.random(in: -3...3, using: &$0)) }
        case 2:  // counting down by one (zigzag delta 1) with rare breaks: runs of 240 and 120 ones
            return walk(count, start, &rng) { Int.random(in: 0..<300, using: &$0) == 0 ? 0 &- 5 : 0 &- 1 }
        case 3:  // min / max / zero jumps: zigzag deltas beyond 60 bits
            let extremes: [UInt64] = [0, .max, 1 << 63, (1 << 63) - 1, 1]
            return (0..<count).map { _ in extremes.randomElement(using: &rng) ?? 0 }
        default:
            return (0..<count).map { _ in rng.edgyUInt64() }
        }
    }

    static func integerSection(_ values: [UInt64], _ rng: inout SeededRandom) -> ([UInt8], String) {
        let modes: [(IntegerEncoder.Mode, String)] = [
            (.go, "go"), (.uncompressed, "raw"), (.packed(randomSelectors: true), "s8b"), (.runLength, "rle"),
        ]
        let (mode, name) = modes.randomElement(using: &rng) ?? (.go, "go")
        if let bytes = IntegerEncoder.encode(values, mode: mode, rng: &rng) { return (bytes, name) }
        return (IntegerEncoder.encode(values, mode: .go, rng: &rng) ?? [], "go")
    }

    static func strings(_ count: Int, _ rng: inout SeededRandom) -> [[UInt8]] {
        let pool: [[UInt8]] = [[], [0], [0xFF, 0xFE], [0xC0, 0x80], Array("cpu=server01".utf8), [0x61, 0x00, 0x62]]
        return (0..<count).map { _ in
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1: return pool.randomElement(using: &rng) ?? []
            case 2: return (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 3: return Array(repeating: 0x41, count: Int.random(in: 0...2000, using: &rng))
            default: return (0..<Int.random(in: 0...20, using: &rng)).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }
            }
        }
    }
}
