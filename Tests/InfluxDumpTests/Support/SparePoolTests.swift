import XCTest

@testable import Support

final class SparePoolTests: XCTestCase {
    func testKeepsAtMostItsLimitAndHandsBackTheNewestFirst() {
        let pool = SparePool<Int>(limit: 2)
        XCTAssertNil(pool.take())
        XCTAssertTrue(pool.give(1))
        XCTAssertTrue(pool.give(2))
        XCTAssertFalse(pool.give(3), "a full pool must refuse, so the caller frees the item")
        XCTAssertEqual(pool.take(), 2)
        XCTAssertEqual(pool.take(), 1)
        XCTAssertNil(pool.take())
    }
}
