import Foundation
import XCTest

@testable import NativeBackup

/// A micro-measurement, not a timed test: it only runs with `NB_DECODE_BENCH=1` and prints
/// values per second for 1000-value blocks of each type. Meaningful in release builds:
/// `NB_DECODE_BENCH=1 swift test -c release --filter DecodeSpeedMeasurement`.
final class DecodeSpeedMeasurement: XCTestCase {
    func testPrintDecodeSpeed() throws {
        guard ProcessInfo.processInfo.environment["NB_DECODE_BENCH"] == "1" else { throw XCTSkip("set NB_DECODE_BENCH=1") }
        var rng = SeededRandom(seed: 42)
        let count = 1000
        let regular = (0..<count).map { 1_600_000_000_000_000_000 + Int64($0) * 10_000_000_000 }
        let jittered = regular.map { $0 + Int64.random(in: 0..<1_000_000, using: &rng) }
        var walk = 20.0
        let floats = (0..<count).map { _ in
            walk += Double(Int.random(in: -50...50, using: &rng)) / 100
            return walk
        }
        var level: UInt64 = 5000
        let ints = (0..<count).map { _ in
            level &+= UInt64(bitPattern: Int64.random(in: -20...20, using: &rng))
            return level
        }
        let strings = (0..<count).map { i in Array("host-\(i % 17).example.com".utf8) }
        let bools = (0..<count).map { _ in Bool.random(using: &rng) }

        for (name, times) in [("rle timestamps", regular), ("simple8b timestamps", jittered)] {
            let ts = TimestampEncoder.encode(times, mode: .go, rng: &rng) ?? []
            measure("float, \(name)", BlockAssembler.block(type: 0, timestamps: ts, values: FloatEncoder.encode(floats) ?? []))
            measure(
                "integer, \(name)",
                BlockAssembler.block(type: 1, timestamps: ts, values: IntegerEncoder.encode(ints, mode: .go, rng: &rng) ?? []))
            measure(
                "unsigned, \(name)",
                BlockAssembler.block(type: 4, timestamps: ts, values: IntegerEncoder.encode(ints, mode: .go, rng: &rng) ?? []))
            measure("boolean, \(name)", BlockAssembler.block(type: 2, timestamps: ts, values: BooleanEncoder.encode(bools)))
            measure("string, \(name)", BlockAssembler.block(type: 3, timestamps: ts, values: StringEncoder.encode(strings)))
        }
        let raw = TimestampEncoder.encode(jittered, mode: .uncompressed, rng: &rng) ?? []
        measure(
            "integer, uncompressed both",
            BlockAssembler.block(type: 1, timestamps: raw, values: IntegerEncoder.encode(ints, mode: .uncompressed, rng: &rng) ?? []))
    }

    private func measure(_ name: String, _ block: [UInt8]) {
        let rounds = 3000
        var checksum = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            block.withUnsafeBytes { raw in
                for _ in 0..<rounds {
                    if let decoded = try? TSMBlock.decode(raw) {
                        checksum &+= decoded.values.count &+ Int(truncatingIfNeeded: decoded.timestamps[999])
                    }
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(rounds * 1000) / seconds
        print(
            String(
                format: "decode %-34@ %6d bytes  %7.1f M values/s  (checksum %d)", name as NSString, block.count, perSecond / 1e6, checksum)
        )
    }
}
