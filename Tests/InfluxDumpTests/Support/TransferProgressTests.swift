import XCTest

@testable import Support

final class TransferProgressTests: XCTestCase {
    func testCountersAndFraction() {
        let p = TransferProgress(label: "db", operation: "restore")
        p.setUnits(done: 0, total: 400)
        p.add(points: 10, bytes: 100)
        p.add(points: 5, bytes: 50)
        p.addUnits(done: 100)
        let s = p.snapshot
        XCTAssertEqual(s.points, 15)
        XCTAssertEqual(s.bytes, 150)
        XCTAssertEqual(s.fraction, 0.25)
        XCTAssertNotNil(s.eta)
        p.finish()
        XCTAssertNil(p.snapshot.eta, "no ETA once finished")
    }

    func testEtaFromTheRateSoFar() {
        var s = TransferProgress.Snapshot(label: "x", operation: "dump")
        s.unitsDone = 1; s.unitsTotal = 4; s.seconds = 30
        XCTAssertEqual(s.eta, 90)
        s.unitsTotal = 0
        XCTAssertNil(s.fraction, "unknown total")
        XCTAssertNil(s.eta)
    }

    func testBoardKeepsWhatIsRunning() {
        let board = ProgressBoard()
        let a = TransferProgress(label: "a", operation: "dump"), b = TransferProgress(label: "b", operation: "dump")
        board.add(a); board.add(b); board.remove(a)
        XCTAssertEqual(board.snapshots.map(\.label), ["b"])
    }
}
