import XCTest

@testable import InfluxAPI

/// Golden quoting: identifiers escape `\` and `"`; a measurement with NUL or CR (which 1.6.7's
/// scanner refuses in quoted identifiers, found by the outside corpus) is named by an exact regex.
final class InfluxQLTests: XCTestCase {
    func testIdentifiersAndStrings() {
        XCTAssertEqual(InfluxQL.identifier("cpu"), #""cpu""#)
        XCTAssertEqual(InfluxQL.identifier(#"back\slash "q""#), #""back\\slash \"q\"""#)
        XCTAssertEqual(InfluxQL.string(#"it's \x"#), #"'it\'s \\x'"#)
    }

    func testSourceQuotesOrdinaryNamesAndMatchesOthersExactly() {
        XCTAssertEqual(InfluxQL.source(database: "d", retentionPolicy: "autogen", measurement: "m 1"), #""d"."autogen"."m 1""#)
        XCTAssertEqual(InfluxQL.source(database: "d", retentionPolicy: "r", measurement: "nul\u{0}m"), #""d"."r"./^nul\x{0}m$/"#)
        XCTAssertEqual(InfluxQL.measurementTerm("cr\rm/é.*"), #"/^cr\x{D}m\x{2F}\x{E9}\x{2E}\x{2A}$/"#)
        XCTAssertEqual(InfluxQL.measurementTerm("tab\tok"), "\"tab\tok\"")
    }
}
