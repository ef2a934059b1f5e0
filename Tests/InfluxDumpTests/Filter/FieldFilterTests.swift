import Foundation
import XCTest

@testable import LineProtocol

final class FieldFilterTests: XCTestCase {
    private func names(include: [String] = [], exclude: [String] = []) throws -> NameFilter {
        NameFilter(include: try include.map { try NamePattern($0) }, exclude: try exclude.map { try NamePattern($0) })
    }

    func testEmptyFilterAcceptsEverything() {
        let f = FieldFilter()
        XCTAssertTrue(f.isEmpty)
        for t in [FieldType.float, .integer, .string, .boolean] { XCTAssertTrue(f.accepts(type: t), "\(t)") }
        XCTAssertTrue(f.accepts(name: "value"))
        XCTAssertTrue(f.accepts(name: ""))
    }

    func testTypesTable() {
        // (types, type, accepted)
        let table: [(Set<FieldType>, FieldType, Bool)] = [
            ([], .float, true),
            ([], .boolean, true),
            ([.float], .float, true),
            ([.float], .integer, false),
            ([.float], .string, false),
            ([.float], .boolean, false),
            ([.float, .integer], .integer, true),
            ([.float, .integer], .string, false),
            ([.string, .boolean], .boolean, true),
            ([.string, .boolean], .float, false),
            ([.float, .integer, .string, .boolean], .string, true),
        ]
        for (types, type, accepted) in table {
            let f = FieldFilter(types: types)
            XCTAssertEqual(f.accepts(type: type), accepted, "types \(types.sorted()) type \(type)")
            XCTAssertTrue(f.accepts(name: "anything"), "a types-only filter keeps every name")
        }
    }

    func testNamesTable() throws {
        // (include, exclude, name, accepted)
        let table: [([String], [String], String, Bool)] = [
            (["usage_user"], [], "usage_user", true),
            (["usage_user"], [], "usage_system", false),
            (["/^usage_/"], [], "usage_system", true),
            (["/^usage_/"], [], "xusage_system", false),
            (["/idle/"], [], "usage_idle_pct", true),
            ([], ["debug"], "debug", false),
            ([], ["debug"], "value", true),
            (["/^usage_/"], ["/_guest/"], "usage_guest_nice", false),
            (["/^usage_/"], ["/_guest/"], "usage_user", true),
        ]
        for (include, exclude, name, accepted) in table {
            let f = FieldFilter(names: try names(include: include, exclude: exclude))
            XCTAssertEqual(f.accepts(name: name), accepted, "include \(include) exclude \(exclude) name \(name)")
            XCTAssertTrue(f.accepts(type: .string), "a names-only filter keeps every type")
        }
    }

    func testNamesAndTypesAreIndependent() throws {
        let f = FieldFilter(names: try names(exclude: ["secret"]), types: [.float])
        XCTAssertFalse(f.isEmpty)
        XCTAssertTrue(f.accepts(name: "value"))
        XCTAssertFalse(f.accepts(name: "secret"))
        XCTAssertTrue(f.accepts(type: .float))
        XCTAssertFalse(f.accepts(type: .integer))
    }

    func testIsEmpty() throws {
        XCTAssertFalse(FieldFilter(types: [.integer]).isEmpty)
        XCTAssertFalse(FieldFilter(names: try names(include: ["a"])).isEmpty)
        XCTAssertTrue(FieldFilter(names: NameFilter(), types: []).isEmpty)
    }
}
