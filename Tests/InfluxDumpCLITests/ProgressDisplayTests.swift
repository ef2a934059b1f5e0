import InfluxDump
import XCTest

@testable import InfluxDumpCLI

final class ProgressDisplayTests: XCTestCase {
    func testWhenProgressIsShown() {
        XCTAssertNil(
            ProgressDisplay.make(mode: .auto, quiet: false, environment: [:], stderrIsTerminal: false), "auto: off without a terminal")
        XCTAssertNotNil(ProgressDisplay.make(mode: .auto, quiet: false, environment: ["TERM": "xterm"], stderrIsTerminal: true))
        XCTAssertNil(ProgressDisplay.make(mode: .auto, quiet: false, environment: ["TERM": "dumb"], stderrIsTerminal: true))
        XCTAssertNil(ProgressDisplay.make(mode: .live, quiet: true, environment: [:], stderrIsTerminal: true), "--quiet wins")
        XCTAssertNil(ProgressDisplay.make(mode: .off, quiet: false, environment: [:], stderrIsTerminal: true))
        XCTAssertNotNil(ProgressDisplay.make(mode: .plain, quiet: false, environment: [:], stderrIsTerminal: false), "plain is for logs")
    }

    func testLineGolden() {
        var s = TransferProgress.Snapshot(label: "telegraf", operation: "dump")
        s.points = 1_234_567
        s.bytes = 200 << 20
        s.unitsDone = 45
        s.unitsTotal = 120
        s.seconds = 10
        XCTAssertEqual(
            ProgressDisplay.describe(s), "dump telegraf:  1,234,567 points  200.0 MiB  123,457 points/s  38% (45/120 windows)  ETA 0:17")
        s.operation = "restore"
        s.unitsDone = 0
        XCTAssertEqual(
            ProgressDisplay.describe(s), "restore telegraf:  1,234,567 points  200.0 MiB  123,457 points/s  0%",
            "no ETA before a unit is done")
        s.unitsTotal = 0
        XCTAssertEqual(
            ProgressDisplay.describe(s), "restore telegraf:  1,234,567 points  200.0 MiB  123,457 points/s",
            "no percentage when the total is unknown (a stream)")
    }

    func testFramesRedrawInPlaceOnlyWhenLive() {
        let live = ProgressDisplay.make(mode: .live, quiet: false, environment: [:], stderrIsTerminal: true)!
        let a = TransferProgress(label: "a", operation: "dump"), b = TransferProgress(label: "b", operation: "restore")
        live.board.add(a); live.board.add(b)
        let first = live.frame(width: 80)
        XCTAssertFalse(first.hasPrefix("\u{1B}"), "nothing to erase the first time")
        XCTAssertEqual(first.split(separator: "\n").count, 2, "one line per transfer")
        XCTAssertTrue(live.frame(width: 80).hasPrefix("\u{1B}[2F\u{1B}[J"), "the next frame moves up over both lines and clears them")
        XCTAssertEqual(live.erase(), "\u{1B}[2F\u{1B}[J")
        XCTAssertEqual(live.erase(), "", "erased once")
        a.add(points: 1, bytes: 10_000_000_000)
        XCTAssertTrue(
            live.frame(width: 30).split(separator: "\n").allSatisfy { $0.count <= 29 }, "cut to the terminal width, so lines never wrap")

        let plain = ProgressDisplay.make(mode: .plain, quiet: false, environment: [:], stderrIsTerminal: false)!
        plain.board.add(a)
        let text = plain.frame(width: 80)
        XCTAssertTrue(text.hasPrefix("influxdump: progress: dump a:"), text)
        XCTAssertFalse(text.contains("\u{1B}"), "no escape codes in logs")
    }

    func testGrouping() {
        XCTAssertEqual(ProgressDisplay.grouped(0), "0")
        XCTAssertEqual(ProgressDisplay.grouped(999), "999")
        XCTAssertEqual(ProgressDisplay.grouped(1000), "1,000")
        XCTAssertEqual(ProgressDisplay.grouped(-1_234_567), "-1,234,567")
        XCTAssertEqual(ProgressDisplay.grouped(.min), "-9,223,372,036,854,775,808")
        XCTAssertEqual(ProgressDisplay.duration(59.4), "0:59")
        XCTAssertEqual(ProgressDisplay.duration(3725), "1:02:05")
    }

    func testNoColourWhenAsked() {
        XCTAssertFalse(Console.colours(fd: 1, environment: ["NO_COLOR": "1", "TERM": "xterm"]))
        XCTAssertEqual(Paint(enabled: false).red("FAILED"), "FAILED")
        XCTAssertEqual(Paint(enabled: true).red("FAILED"), "\u{1B}[1;31mFAILED\u{1B}[0m")
    }

    func testByteSizes() {
        XCTAssertEqual(ThrottleOptions.parseBytes("1234"), 1234)
        XCTAssertEqual(ThrottleOptions.parseBytes("64KiB"), 65536)
        XCTAssertEqual(ThrottleOptions.parseBytes("20MiB"), 20 << 20)
        XCTAssertEqual(ThrottleOptions.parseBytes("1GiB"), 1 << 30)
        XCTAssertNil(ThrottleOptions.parseBytes("10MB"))
        XCTAssertNil(ThrottleOptions.parseBytes("-1"))
        XCTAssertNil(ThrottleOptions.parseBytes("99999999999GiB"), "overflow")
        XCTAssertNil(ThrottleOptions.parseBytes("MiB"))
    }
}
