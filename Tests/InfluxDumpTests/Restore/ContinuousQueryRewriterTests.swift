import XCTest

@testable import ArchiveFormat
@testable import LineProtocol
@testable import Restore

final class ContinuousQueryRewriterTests: XCTestCase {
    func testRenamesTheOnDatabaseAndThreePartNames() throws {
        let map = ["src": "dst", "we ird": "new\"db", "two": "zwei"]
        // (archived text, rewritten text, databases kept as written)
        let table: [(String, String, [String])] = [
            (
                "CREATE CONTINUOUS QUERY cq ON src BEGIN SELECT mean(v) AS v INTO src.autogen.m_1h FROM src.autogen.m GROUP BY time(1h), * END",
                #"CREATE CONTINUOUS QUERY cq ON "dst" BEGIN SELECT mean(v) AS v INTO "dst".autogen.m_1h FROM "dst".autogen.m GROUP BY time(1h), * END"#,
                []
            ),
            (
                #"CREATE CONTINUOUS QUERY "c q" ON "we ird" RESAMPLE EVERY 1h FOR 2h BEGIN SELECT max(v) INTO "we ird"..:MEASUREMENT FROM "we ird".rp./cpu.*/, src.rp.x WHERE host =~ /from src.a.b/ GROUP BY time(1h) END"#,
                #"CREATE CONTINUOUS QUERY "c q" ON "new\"db" RESAMPLE EVERY 1h FOR 2h BEGIN SELECT max(v) INTO "new\"db"..:MEASUREMENT FROM "new\"db".rp./cpu.*/, "dst".rp.x WHERE host =~ /from src.a.b/ GROUP BY time(1h) END"#,
                []
            ),
            (
                "CREATE CONTINUOUS QUERY cq ON src BEGIN SELECT v / 2 INTO other.rp.m FROM rp.m, m2 GROUP BY time(1d) END",
                #"CREATE CONTINUOUS QUERY cq ON "dst" BEGIN SELECT v / 2 INTO other.rp.m FROM rp.m, m2 GROUP BY time(1d) END"#, ["other"]
            ),
            (
                "CREATE CONTINUOUS QUERY cq ON src BEGIN SELECT count(v) INTO two.rp.m FROM (SELECT v FROM src.rp.m) GROUP BY time(1d) END",
                #"CREATE CONTINUOUS QUERY cq ON "dst" BEGIN SELECT count(v) INTO "zwei".rp.m FROM (SELECT v FROM "dst".rp.m) GROUP BY time(1d) END"#,
                []
            ),
        ]
        for (input, expected, unmapped) in table {
            let r = try ContinuousQueryRewriter.rewrite(input, map: map)
            XCTAssertEqual(r.query, expected, input)
            XCTAssertEqual(r.unmapped, unmapped, input)
        }
    }

    func testRefusesWhatItCannotRead() {
        for (input, reason) in [
            ("SELECT * FROM m", "not of the form CREATE CONTINUOUS QUERY name ON database …"),
            (#"CREATE CONTINUOUS QUERY cq ON src BEGIN SELECT "v FROM m END"#, "unterminated quoted identifier"),
            ("CREATE CONTINUOUS QUERY cq ON src BEGIN SELECT v INTO a.b.c.d FROM m END", "a name with more than three parts"),
        ] {
            XCTAssertThrowsError(try ContinuousQueryRewriter.rewrite(input, map: ["src": "dst"])) {
                XCTAssertEqual(($0 as? ContinuousQueryRewriter.Failure)?.reason, reason, input)
            }
        }
    }
}
