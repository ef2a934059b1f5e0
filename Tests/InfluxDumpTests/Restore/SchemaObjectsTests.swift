import XCTest

@testable import ArchiveFormat
@testable import Jobs
@testable import Restore
@testable import Schema

final class SchemaObjectsPlanTests: XCTestCase {
    let selected: SchemaObjects.Selected = [
        (
            Manifest.Database(
                name: "src", retentionPolicies: [],
                continuousQueries: [
                    .init(
                        name: "ok",
                        query: "CREATE CONTINUOUS QUERY ok ON src BEGIN SELECT mean(v) INTO src.rp.m2 FROM src.rp.m GROUP BY time(1h) END"),
                    .init(name: "bad", query: "CREATE CONTINUOUS QUERY bad ON src BEGIN SELECT \"v FROM m END"),
                ]), "dst"
        )
    ]

    func testUsersOnlyGainPrivileges() {
        let archived: [Manifest.User] = [
            .init(name: "admin", admin: true, privileges: []),
            .init(
                name: "r", admin: false,
                privileges: [.init(database: "src", privilege: "READ"), .init(database: "gone", privilege: "WRITE")]),
            .init(name: "w", admin: true, privileges: [.init(database: "src", privilege: "WRITE")]),
            .init(name: "elsewhere", admin: false, privileges: [.init(database: "gone", privilege: "READ")]),
        ]
        var destination = SchemaObjects.Destination()
        destination.users["w"] = (false, ["dst": "READ"])
        let plan = SchemaObjects.users(archived, selected: selected, destination: destination, passwords: ["r", "w"])
        XCTAssertEqual(plan.map(\.name), ["admin", "r", "w"])
        XCTAssertEqual(plan.map(\.action), [.create, .create, .exists])
        XCTAssertEqual(plan.map(\.disabled), [true, false, false])
        XCTAssertEqual(plan[1].grants, [.init(database: "dst", privilege: "READ")])
        XCTAssertEqual(plan[2].grants, [.init(database: "dst", privilege: "ALL PRIVILEGES")], "WRITE added to READ")
        XCTAssertEqual(plan[2].warnings.count, 2, "not made admin; password not applied")
    }

    func testContinuousQueries() {
        var destination = SchemaObjects.Destination()
        let plan = SchemaObjects.continuousQueries(selected: selected, destination: destination)
        XCTAssertEqual(plan.map(\.action), [.create, .refuse])
        XCTAssertEqual(
            plan[0].query,
            #"CREATE CONTINUOUS QUERY ok ON "dst" BEGIN SELECT mean(v) INTO "dst".rp.m2 FROM "dst".rp.m GROUP BY time(1h) END"#)
        destination.continuousQueries["dst"] = ["ok": plan[0].query]
        XCTAssertEqual(SchemaObjects.continuousQueries(selected: selected, destination: destination).map(\.action), [.exists, .refuse])
    }

    func testHide() {
        XCTAssertEqual(SchemaObjects.hide(#"a'b\c"#, in: #"found 'a\'b\\c' and a'b\c"#), "found '[hidden]' and [hidden]")
    }
}
