import Foundation
import XCTest

@testable import LineProtocol

final class NameFilterTests: XCTestCase {
    private func filter(include: [String] = [], exclude: [String] = []) throws -> NameFilter {
        NameFilter(include: try include.map { try NamePattern($0) }, exclude: try exclude.map { try NamePattern($0) })
    }

    func testAcceptsTable() throws {
        // (include, exclude, name, accepted)
        let table: [([String], [String], String, Bool)] = [
            // Empty filter: everything.
            ([], [], "cpu", true),
            ([], [], "", true),
            // Plain names match whole names only, case-sensitively.
            (["cpu"], [], "cpu", true),
            (["cpu"], [], "cpu2", false),
            (["cpu"], [], "xcpu", false),
            (["cpu"], [], "CPU", false),
            (["cpu", "mem"], [], "mem", true),
            (["cpu", "mem"], [], "disk", false),
            // Regexes are unanchored.
            (["/cpu/"], [], "cpu", true),
            (["/cpu/"], [], "cpu2", true),
            (["/cpu/"], [], "xcpux", true),
            (["/cpu/"], [], "CPU", false),
            (["/^cpu$/"], [], "cpu", true),
            (["/^cpu$/"], [], "cpu2", false),
            (["/^disk_/"], [], "disk_io", true),
            (["/^disk_/"], [], "xdisk_io", false),
            (["/_total$/"], [], "bytes_total", true),
            (["/_total$/"], [], "bytes_total_x", false),
            (["/(?i)^cpu$/"], [], "CPU", true),
            (["/a.c/"], [], "abc", true),
            (["a.c"], [], "abc", false),  // not a regex: '.' is literal
            (["a.c"], [], "a.c", true),
            // Exclude only.
            ([], ["cpu"], "cpu", false),
            ([], ["cpu"], "mem", true),
            ([], ["/^_/"], "_internal", false),
            ([], ["/^_/"], "x_internal", true),
            // Exclude wins over include.
            (["/^cpu/"], ["cpu_tmp"], "cpu_tmp", false),
            (["/^cpu/"], ["cpu_tmp"], "cpu_total", true),
            (["cpu"], ["/.*/"], "cpu", false),
            (["cpu"], ["cpu"], "cpu", false),
            // "/" alone is a plain name.
            (["/"], [], "/", true),
            (["/"], [], "a", false),
        ]
        for (include, exclude, name, accepted) in table {
            XCTAssertEqual(
                try filter(include: include, exclude: exclude).accepts(name), accepted,
                "include \(include) exclude \(exclude) name \(name)")
        }
    }

    func testIsEmpty() throws {
        XCTAssertTrue(NameFilter().isEmpty)
        XCTAssertFalse(try filter(include: ["a"]).isEmpty)
        XCTAssertFalse(try filter(exclude: ["a"]).isEmpty)
    }

    func testPatternText() throws {
        XCTAssertEqual(try NamePattern("/^cpu$/").description, "/^cpu$/")
        XCTAssertEqual(try NamePattern("cpu").text, "cpu")
    }

    func testInvalidRegex() {
        for text in ["/[/", "/(/", "/a{2,1}/"] {
            XCTAssertThrowsError(try NamePattern(text), text) { error in
                XCTAssertEqual("\(error)", "invalid regular expression \(text)")
            }
        }
        // Not a regex, so not checked as one.
        XCTAssertNoThrow(try NamePattern("[("))
        XCTAssertNoThrow(try NamePattern("/[("))
    }
}
