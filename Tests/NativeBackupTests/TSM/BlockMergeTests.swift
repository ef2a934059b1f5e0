import XCTest

@testable import NativeBackup

/// `BlockMerge.merge` against the engine's `Values.Merge`/`Deduplicate`: blocks given oldest
/// first, the later block's value wins at equal timestamps, the result strictly ascending.
final class BlockMergeTests: XCTestCase {
    private func ints(_ times: [Int64], _ values: [Int64]) -> DecodedBlock { DecodedBlock(timestamps: times, values: .integer(values)) }

    func testOverlappingBlocksLaterWins() {
        let old = ints([1, 3, 5, 7], [10, 30, 50, 70])
        let new = ints([3, 4, 7, 9], [-3, -4, -7, -9])
        // Times 1..9 in order; at 3 and 7 the newer block's value.
        XCTAssertEqual(BlockMerge.merge([old, new]), ints([1, 3, 4, 5, 7, 9], [10, -3, -4, 50, -7, -9]))
        // Given the other way round, the other block is the newer one.
        XCTAssertEqual(BlockMerge.merge([new, old]), ints([1, 3, 4, 5, 7, 9], [10, 30, -4, 50, 70, -9]))
    }

    func testThreeBlocksNewestOfEqualTimesWins() {
        let a = ints([1, 2], [1, 2])
        let b = ints([2, 3], [20, 30])
        let c = ints([2], [200])
        XCTAssertEqual(BlockMerge.merge([a, b, c]), ints([1, 2, 3], [1, 200, 30]))
    }

    func testDisjointBlocksConcatenate() {
        let merged = BlockMerge.merge([ints([1, 2], [1, 2]), ints([5, 6, 7], [5, 6, 7]), ints([8], [8])])
        XCTAssertEqual(merged, ints([1, 2, 5, 6, 7, 8], [1, 2, 5, 6, 7, 8]))
        XCTAssertTrue(BlockMerge.isDisjointAscending([ints([1, 2], [0, 0]), ints([3], [0])]))
        XCTAssertFalse(BlockMerge.isDisjointAscending([ints([1, 2], [0, 0]), ints([2], [0])]), "touching at 2 overlaps")
        XCTAssertFalse(BlockMerge.isDisjointAscending([ints([3], [0]), ints([1], [0])]), "out of order")
        XCTAssertFalse(BlockMerge.isDisjointAscending([ints([2, 1], [0, 0])]), "a block not ascending")
    }

    /// Disjoint but given newest-range first: still sorted by time.
    func testDisjointOutOfOrderBlocksAreSorted() {
        XCTAssertEqual(BlockMerge.merge([ints([5, 6], [5, 6]), ints([1, 2], [1, 2])]), ints([1, 2, 5, 6], [1, 2, 5, 6]))
    }

    func testSingleBlocks() {
        let sorted = ints([1, 2, 3], [3, 2, 1])
        XCTAssertEqual(BlockMerge.merge([sorted]), sorted)
        // `Deduplicate`: a stable sort, and of equal times the last one stored.
        XCTAssertEqual(BlockMerge.merge([ints([3, 1, 2, 1], [30, 10, 20, 11])]), ints([1, 2, 3], [11, 20, 30]))
        XCTAssertEqual(BlockMerge.merge([ints([4, 4, 4], [1, 2, 3])]), ints([4], [3]))
        XCTAssertEqual(BlockMerge.merge([ints([], [])]), ints([], []))
    }

    func testExtremeTimes() {
        let a = ints([.min, 0], [1, 2])
        let b = ints([.min, .max], [3, 4])
        XCTAssertEqual(BlockMerge.merge([a, b]), ints([.min, 0, .max], [3, 2, 4]))
        XCTAssertEqual(BlockMerge.merge([ints([.min], [1]), ints([.max], [2])]), ints([.min, .max], [1, 2]))
    }

    func testEveryValueType() {
        let t1: [Int64] = [1, 2]
        let t2: [Int64] = [2, 3]
        let floats = BlockMerge.merge([
            .init(timestamps: t1, values: .float([1.5, 2.5])), .init(timestamps: t2, values: .float([-0.0, 3])),
        ])
        XCTAssertEqual(floats.timestamps, [1, 2, 3])
        if case .float(let v) = floats.values {
            XCTAssertEqual(v.map(\.bitPattern), [1.5, -0.0, 3].map(\.bitPattern), "-0.0 from the newer block")
        } else {
            XCTFail("\(floats.values)")
        }
        let u = BlockMerge.merge([.init(timestamps: t1, values: .unsigned([1, .max])), .init(timestamps: t2, values: .unsigned([7, 8]))])
        XCTAssertEqual(u.values, .unsigned([1, 7, 8]))
        let b = BlockMerge.merge([
            .init(timestamps: t1, values: .boolean([true, true])), .init(timestamps: t2, values: .boolean([false, true])),
        ])
        XCTAssertEqual(b.values, .boolean([true, false, true]))
        let s = BlockMerge.merge([
            .init(timestamps: t1, values: .string(StringValues([u8("a"), u8("bb")]))),
            .init(timestamps: t2, values: .string(StringValues([[0xFF], []]))),
        ])
        XCTAssertEqual(s.values, .string(StringValues([u8("a"), [0xFF], []])))
    }

    func testRemovingRanges() {
        let block = ints([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6])
        // Inclusive bounds: 2...3 and 5...5 go.
        XCTAssertEqual(block.removing([2...3, 5...5]), ints([1, 4, 6], [1, 4, 6]))
        XCTAssertEqual(block.removing([7...9]), block)
        XCTAssertEqual(block.removing([.min ... .max]), ints([], []))
    }
}
