import Foundation
import XCTest

@testable import NativeBackup

/// Seeded random blocks per encoding, encoded by the test encoders and decoded back.
/// On failure the message names the seed; replay with `NB_FUZZ_SEED=<seed> swift test`.
final class RoundTripFuzzTests: XCTestCase {
    /// 300 per encoding by default; `NB_FUZZ_ITERATIONS` raises it for a longer soak.
    private static let iterations = ProcessInfo.processInfo.environment["NB_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 300

    private func fuzz(_ name: String, mustCover: Set<String> = [], _ make: (inout SeededRandom) -> FuzzCase?) {
        let seed = SeededRandom.runSeed()
        var rng = SeededRandom(seed: seed)
        var checked = 0
        var covered: Set<String> = []
        for iteration in 0..<Self.iterations {
            guard let fuzzCase = make(&rng) else { continue }
            checked += 1
            covered.formUnion(Self.layouts(fuzzCase.bytes))
            let context = "\(name) seed \(seed) iteration \(iteration) (\(fuzzCase.note), \(fuzzCase.timestamps.count) values)"
            do {
                let block = try BlockTestSupport.decode(fuzzCase.bytes)
                XCTAssertEqual(block.timestamps, fuzzCase.timestamps, context)
                XCTAssertTrue(BlockTestSupport.sameBits(block.values, fuzzCase.values), context)
            } catch {
                XCTFail("\(context): \(error.reason)")
            }
            if testRun?.failureCount ?? 0 > 0 { return }  // one readable failure beats hundreds
        }
        XCTAssertGreaterThan(checked, Self.iterations / 2, "\(name) seed \(seed): too few cases generated")
        let required = mustCover.union(["ts0", "ts1", "ts2"])
        XCTAssertTrue(required.isSubset(of: covered), "\(name) seed \(seed): never generated \(required.subtracting(covered).sorted())")
    }

    /// Which layouts a block uses: "ts<nibble>", "v<nibble>" for integer sections, "s<selector>" per
    /// simple8b word, so the tests can insist that the generators reach every branch.
    private static func layouts(_ block: [UInt8]) -> Set<String> {
        guard block.count > 2, block[1] < 0x80 else { return [] }
        let timestamps = Array(block[2..<min(block.count, 2 + Int(block[1]))])
        let values = Array(block[min(block.count, 2 + Int(block[1]))...])
        var found: Set<String> = []
        func scan(_ section: [UInt8], _ prefix: String) {
            guard let header = section.first else { return }
            found.insert(prefix + String(header >> 4))
            guard header >> 4 == 1, section.count >= 9 else { return }
            for offset in stride(from: 9, to: section.count - 7, by: 8) {
                found.insert("s\(section[offset] >> 4)")
            }
        }
        scan(timestamps, "ts")
        if block[0] == 1 || block[0] == 4 { scan(values, "v") }
        return found
    }

    private func withTimestamps(
        _ rng: inout SeededRandom, _ body: (Int, inout SeededRandom) -> (type: UInt8, values: [UInt8], decoded: BlockValues, note: String)?
    ) -> FuzzCase? {
        let count = BlockGenerator.count(&rng)
        let (timestamps, pattern) = BlockGenerator.timestamps(count, &rng)
        let (section, mode) = BlockGenerator.timestampSection(timestamps, &rng)
        guard let value = body(count, &rng) else { return nil }
        return FuzzCase(
            bytes: BlockAssembler.block(type: value.type, timestamps: section, values: value.values),
            timestamps: timestamps, values: value.decoded, note: "ts \(pattern)/\(mode), values \(value.note)")
    }

    func testFloatRoundTrip() {
        fuzz("floats") { rng in
            withTimestamps(&rng) { count, rng in
                let allowNaN = Int.random(in: 0..<4, using: &rng) == 0
                let values = BlockGenerator.floats(count, &rng, allowNaN: allowNaN)
                guard let bytes = FloatEncoder.encode(values, allowNaN: allowNaN) else { return nil }
                return (0, bytes, .float(values), allowNaN ? "with nan payloads" : "go")
            }
        }
    }

    func testIntegerRoundTrip() {
        fuzz("integers", mustCover: Set(["v0", "v1", "v2"] + (0..<16).map { "s\($0)" })) { rng in
            withTimestamps(&rng) { count, rng in
                let values = BlockGenerator.integers(count, &rng)
                let (bytes, mode) = BlockGenerator.integerSection(values, &rng)
                return (1, bytes, .integer(values.map { Int64(bitPattern: $0) }), mode)
            }
        }
    }

    func testUnsignedRoundTrip() {
        fuzz("unsigned", mustCover: ["v0", "v1", "v2"]) { rng in
            withTimestamps(&rng) { count, rng in
                let values = BlockGenerator.integers(count, &rng)
                let (bytes, mode) = BlockGenerator.integerSection(values, &rng)
                return (4, bytes, .unsigned(values), mode)
            }
        }
    }

    func testBooleanRoundTrip() {
        fuzz("booleans") { rng in
            withTimestamps(&rng) { count, rng in
                let density = Int.random(in: 0...4, using: &rng)
                let values = (0..<count).map { _ in Int.random(in: 0..<4, using: &rng) < density }
                return (2, BooleanEncoder.encode(values), .boolean(values), "density \(density)/4")
            }
        }
    }

    func testStringRoundTrip() {
        fuzz("strings") { rng in
            withTimestamps(&rng) { count, rng in
                let values = BlockGenerator.strings(count, &rng)
                return (3, StringEncoder.encode(values), .string(StringValues(values)), "snappy")
            }
        }
    }

    /// Every selector, checked word by word against the packer, including partial last words.
    func testSimple8bEverySelector() throws {
        var rng = SeededRandom(seed: SeededRandom.runSeed())
        for selector in 0..<16 {
            let (count, bits) = Simple8bPacker.layouts[selector]
            let values: [UInt64] = (0..<count).map { _ in
                bits == 0 ? 1 : UInt64.random(in: 0..<(1 << UInt64(bits)), using: &rng)
            }
            let maxed: [UInt64] = (0..<count).map { _ in bits == 0 ? 1 : (1 << UInt64(bits)) - 1 }
            for input in [values, maxed] {
                let word = Simple8bPacker.word(selector, input[...])
                var out = [UInt64](repeating: 0, count: 240)
                let written = out.withUnsafeMutableBufferPointer { Simple8b.unpack(word, into: $0.baseAddress!) }
                XCTAssertEqual(written, count, "selector \(selector)")
                XCTAssertEqual(Array(out.prefix(written)), input, "selector \(selector)")
            }
        }
    }
}
