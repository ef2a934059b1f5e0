import XCTest

@testable import Support

final class SeriesSketchTests: XCTestCase {
    private func hashes(_ range: Range<Int>) -> [UInt64] {
        range.map { i in Array("m,id=\(i) ".utf8).withUnsafeBytes { SeriesSketch.hash($0) } }
    }

    func testExactWithinTheLimit() {
        var s = SeriesSketch(exactLimit: 1000)
        for h in hashes(0..<1000) + hashes(0..<500) { s.insert(h) }
        XCTAssertEqual(s.count, 1000)
        XCTAssertFalse(s.isEstimate)
    }

    /// Past the limit the set becomes 4 KiB of registers; the estimate stays within 3% (about
    /// two standard errors) from 2 k to 1 M series.
    func testAnEstimateAboveTheLimit() {
        for n in [2_000, 50_000, 1_000_000] {
            var s = SeriesSketch(exactLimit: 1000)
            for h in hashes(0..<n) { s.insert(h) }
            XCTAssertTrue(s.isEstimate)
            XCTAssertEqual(s.held, 0, "no set is kept")
            XCTAssertEqual(Double(s.count), Double(n), accuracy: Double(n) * 0.03, "n = \(n)")
        }
    }

    func testMergingCountsTheUnion() {
        var a = SeriesSketch(exactLimit: 100_000), b = SeriesSketch(exactLimit: 100_000)
        for h in hashes(0..<60_000) { a.insert(h) }
        for h in hashes(40_000..<100_000) { b.insert(h) }
        var exact = a
        exact.merge(b)
        XCTAssertEqual(exact.count, 100_000)
        a.toRegisters()
        b.toRegisters()
        a.merge(b)
        XCTAssertTrue(a.isEstimate)
        XCTAssertEqual(Double(a.count), 100_000, accuracy: 3_000)
    }

    func testSmallEstimatesUseLinearCounting() {
        var s = SeriesSketch(exactLimit: 0)
        for h in hashes(0..<300) { s.insert(h) }
        XCTAssertEqual(Double(s.count), 300, accuracy: 9)
    }
}
