import Foundation
import InfluxDump
import XCTest

/// Continuous queries and users against real servers: saved by dump (users never with a
/// password), recreated by restore `--with-cqs` / `--with-users` under other database names.
final class SchemaObjectsTests: XCTestCase {
    var servers: [TestServer] = []
    var work: String!

    override func setUpWithError() throws {
        work = try TestServer.workDirectory("so")
    }

    override func tearDown() {
        for s in servers { s.destroy() }
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    func server(auth: Bool = false) throws -> TestServer {
        let s = try TestServer(auth: auth)
        servers.append(s)
        return s
    }

    func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "INFLUX_PASSWORD")
        for (k, v) in extra { env[k] = v }
        return env
    }

    func continuousQueries(_ s: TestServer, _ db: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in SchemaDiscovery.rows(try s.client().queryValues("SHOW CONTINUOUS QUERIES")) where row.series == db {
            if let n = SchemaDiscovery.column("name", row)?.stringValue { out[n] = SchemaDiscovery.column("query", row)?.stringValue }
        }
        return out
    }

    func testContinuousQueriesAreRecreatedUnderAnotherDatabaseName() throws {
        let s = try server()
        try s.execute("CREATE DATABASE cqsrc")
        try s.execute("CREATE DATABASE archive_db")
        try s.write("cqsrc", Array("m,h=a v=1 1\n".utf8))
        try s.execute(
            #"CREATE CONTINUOUS QUERY "cq 1" ON cqsrc BEGIN SELECT mean(v) AS v INTO cqsrc.autogen.m_1h FROM cqsrc.autogen.m GROUP BY time(1h), * END"#
        )
        try s.execute(
            #"CREATE CONTINUOUS QUERY elsewhere ON cqsrc BEGIN SELECT max(v) AS v INTO archive_db.autogen.m_max FROM m GROUP BY time(1d) END"#
        )
        let archive = work + "/cq"
        let dump = try Shell.run(TestServer.executable, ["dump", "--host", s.url, "-d", "cqsrc", "-o", archive, "-q"])
        XCTAssertEqual(dump.status, 0, dump.stderr)

        let dry = try Shell.run(
            TestServer.executable, ["restore", "--host", s.url, "-i", archive, "-d", "cqdst", "--with-cqs", "--dry-run", "-q"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(
            dry.stdout.contains(
                #"cqdst/cq 1: would be created: CREATE CONTINUOUS QUERY "cq 1" ON "cqdst" BEGIN SELECT mean(v) AS v INTO "cqdst".autogen.m_1h FROM "cqdst".autogen.m"#
            ), dry.stdout)
        XCTAssertEqual(try continuousQueries(s, "cqdst"), [:], "a dry run creates nothing")

        let out = try Shell.run(TestServer.executable, ["restore", "--host", s.url, "-i", archive, "-d", "cqdst", "--with-cqs", "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let restored = try continuousQueries(s, "cqdst")
        XCTAssertEqual(restored.keys.sorted(), ["cq 1", "elsewhere"])
        let cq1 = try XCTUnwrap(restored["cq 1"])
        XCTAssertTrue(cq1.contains("ON cqdst") && cq1.contains("INTO cqdst.autogen.m_1h FROM cqdst.autogen.m"), cq1)
        XCTAssertFalse(cq1.contains("cqsrc"), cq1)
        XCTAssertTrue(
            try XCTUnwrap(restored["elsewhere"]).contains("INTO archive_db.autogen.m_max FROM cqdst.autogen.m"), restored["elsewhere"]!)
        XCTAssertTrue(
            out.stderr.contains(
                "continuous query cqdst/elsewhere: names database archive_db, which this restore does not include: left as written"),
            out.stderr)

        // Again: both exist with the same text and are left alone.
        try s.execute("DROP CONTINUOUS QUERY elsewhere ON cqdst")
        try s.execute(
            "CREATE CONTINUOUS QUERY elsewhere ON cqdst BEGIN SELECT min(v) AS v INTO cqdst.autogen.other FROM m GROUP BY time(1d) END")
        let again = try Shell.run(TestServer.executable, ["restore", "--host", s.url, "-i", archive, "-d", "cqdst", "--with-cqs", "-q"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(
            again.stderr.contains("continuous query cqdst/elsewhere: a continuous query of that name exists with another text: left as is"),
            again.stderr)
        XCTAssertTrue(try XCTUnwrap(try continuousQueries(s, "cqdst")["elsewhere"]).contains("min(v)"))
    }

    func testUsersAndGrantsRoundTripWithoutPasswords() throws {
        let source = try server()
        try source.execute("CREATE DATABASE usrc")
        try source.execute("CREATE DATABASE other")
        try source.write("usrc", Array("m v=1 1\n".utf8))
        try source.execute("CREATE USER boss WITH PASSWORD 'boss-source-pw' WITH ALL PRIVILEGES")
        try source.execute("CREATE USER reader WITH PASSWORD 'reader-source-pw'")
        try source.execute("GRANT READ ON usrc TO reader")
        try source.execute("CREATE USER writer WITH PASSWORD 'writer-source-pw'")
        try source.execute("GRANT ALL ON usrc TO writer")
        try source.execute("GRANT READ ON other TO writer")
        try source.execute("CREATE USER outsider WITH PASSWORD 'x'")
        try source.execute("GRANT READ ON other TO outsider")
        let archive = work + "/users"
        let dump = try Shell.run(TestServer.executable, ["dump", "--host", source.url, "-d", "usrc", "-o", archive, "-q"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let manifest = try StoredArchiveReader.loadManifest(root: archive)
        XCTAssertEqual(
            manifest.users,
            [
                .init(name: "boss", admin: true, privileges: []),
                .init(name: "reader", admin: false, privileges: [.init(database: "usrc", privilege: "READ")]),
                .init(name: "writer", admin: false, privileges: [.init(database: "usrc", privilege: "ALL PRIVILEGES")]),
            ])
        let text = try String(contentsOfFile: archive + "/manifest.json", encoding: .utf8)
        XCTAssertFalse(text.contains("source-pw") || text.lowercased().contains("hash"))
        let schema = try Shell.validateManifest(archive + "/manifest.json")
        XCTAssertEqual(schema.status, 0, schema.stderr)

        let destination = try server(auth: true)
        let readerPassword = "r3ader-n3w-pw"
        let env = environment(["INFLUX_PASSWORD": TestServer.adminPassword, "READER_PW": readerPassword])
        let out = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", destination.url, "-u", TestServer.adminUser, "-i", archive,
                "--database-map", "usrc=udst", "--with-users", "--user-password", "reader=env:READER_PW",
            ],
            environment: env)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(out.stdout, "SET PASSWORD FOR \"boss\" = '…'\nSET PASSWORD FOR \"writer\" = '…'\n")
        XCTAssertTrue(out.stderr.contains("these users were created with a random password nobody knows; set one for each:"), out.stderr)
        XCTAssertFalse((out.stdout + out.stderr).contains(readerPassword))

        let discovery = SchemaDiscovery(client: try destination.client())
        let users = Dictionary(try discovery.users().map { ($0.name, $0.admin) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(users, [TestServer.adminUser: true, "boss": true, "reader": false, "writer": false])
        XCTAssertEqual(try discovery.grants(user: "reader"), [.init(database: "udst", privilege: "READ")])
        XCTAssertEqual(try discovery.grants(user: "writer"), [.init(database: "udst", privilege: "ALL PRIVILEGES")])
        // The given password works; the disabled user's source password does not.
        let reader = try InfluxClient(config: ClientConfiguration(baseURL: destination.url, username: "reader", password: readerPassword))
        XCTAssertFalse(SchemaDiscovery.rows(try reader.queryValues("SELECT count(*) FROM m", database: "udst")).isEmpty)
        let writer = try InfluxClient(
            config: ClientConfiguration(baseURL: destination.url, username: "writer", password: "writer-source-pw"))
        XCTAssertThrowsError(try writer.queryValues("SHOW DATABASES"))

        // Existing users keep their password and only gain privileges.
        try destination.execute("REVOKE ALL ON udst FROM writer")
        try destination.execute("GRANT WRITE ON udst TO reader")
        let again = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", destination.url, "-u", TestServer.adminUser, "-i", archive,
                "--database-map", "usrc=udst", "--with-users", "-q",
            ], environment: env)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "", "no user was created")
        XCTAssertEqual(try discovery.grants(user: "reader"), [.init(database: "udst", privilege: "ALL PRIVILEGES")], "READ added to WRITE")
        XCTAssertEqual(try discovery.grants(user: "writer"), [.init(database: "udst", privilege: "ALL PRIVILEGES")])
        XCTAssertFalse(
            SchemaDiscovery.rows(try reader.queryValues("SELECT count(*) FROM m", database: "udst")).isEmpty, "password unchanged")
    }

    func testWithoutAdminUsersAreNotedNotFatal() throws {
        let s = try server(auth: true)
        try s.execute("CREATE DATABASE secure")
        try s.write("secure", Array("m v=1 1\n".utf8))
        try s.execute("CREATE USER ro WITH PASSWORD 'ro-pw'")
        try s.execute("GRANT READ ON secure TO ro")
        let archive = work + "/ro"
        let dump = try Shell.run(
            TestServer.executable, ["dump", "--host", s.url, "-u", "ro", "-d", "secure", "-o", archive],
            environment: environment(["INFLUX_PASSWORD": "ro-pw"]))
        XCTAssertEqual(dump.status, 0, dump.stderr)
        XCTAssertTrue(dump.stderr.contains("users and grants were not saved: SHOW USERS needs admin privilege"), dump.stderr)
        let manifest = try StoredArchiveReader.loadManifest(root: archive)
        XCTAssertNil(manifest.users)
        XCTAssertEqual(manifest.notes, [Manifest.continuousQueriesNotSaved, Manifest.usersNotSaved])
        XCTAssertEqual(try Shell.validateManifest(archive + "/manifest.json").status, 0)

        let restore = try Shell.run(
            TestServer.executable, ["restore", "--host", s.url, "-u", TestServer.adminUser, "-i", archive, "-d", "copy", "--with-users"],
            environment: environment(["INFLUX_PASSWORD": TestServer.adminPassword]))
        XCTAssertEqual(restore.status, 2)
        XCTAssertEqual(
            restore.stderr,
            "influxdump: --with-users: the archive has no users recorded (users and grants were not saved: SHOW USERS needs admin privilege, which the dumping user lacks)\n"
        )
        XCTAssertFalse(try SchemaDiscovery(client: s.client()).databases().contains("copy"), "refused before anything was written")
    }

    func testAFailingCreateUserDoesNotLeakThePassword() throws {
        let source = try server()
        try source.execute("CREATE DATABASE leak")
        try source.write("leak", Array("m v=1 1\n".utf8))
        try source.execute("CREATE USER victim WITH PASSWORD 'x'")
        try source.execute("GRANT READ ON leak TO victim")
        let archive = work + "/leak"
        XCTAssertEqual(try Shell.run(TestServer.executable, ["dump", "--host", source.url, "-d", "leak", "-o", archive, "-q"]).status, 0)
        let destination = try server()
        // A server that repeats the statement in its error: the worst case for a password.
        let proxy = try FaultProxy(upstreamPort: destination.port) { _, _, body in
            body.contains("CREATE USER") ? .echoQuery(status: 400) : .pass
        }
        defer { proxy.stop() }
        let password = "Sup3r'S3cret\\pw"
        let file = work + "/pw"
        try (password + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let out = try Shell.run(
            TestServer.executable,
            [
                "restore", "--host", proxy.url, "-i", archive, "-d", "leak_copy", "--with-users",
                "--user-password", "victim=file:\(file)", "--retries", "0", "--log-level", "trace",
            ])
        XCTAssertEqual(out.status, 1, out.stderr)
        XCTAssertTrue(
            proxy.seen.contains { $0.body.contains("CREATE USER") && $0.path == "/query" },
            "the password went in the POST body, not the URL")
        XCTAssertFalse(proxy.seen.contains { $0.path.contains("S3cret") })
        XCTAssertTrue(out.stderr.contains("influxdump: user victim could not be created: "), out.stderr)
        XCTAssertTrue(out.stderr.contains("[hidden]"), out.stderr)
        for text in [out.stdout, out.stderr] {
            XCTAssertFalse(text.contains("S3cret"), text)
        }
    }

    /// Several archives: CQs come from the newest one and are created once, after all the data;
    /// every archive is checked before anything is written.
    func testAChainTakesTheNewestCQsAndIsCheckedWhole() throws {
        let s = try server()
        try s.execute("CREATE DATABASE chainsrc")
        try s.write("chainsrc", Array("m v=1 1000000000\n".utf8))
        try s.execute(
            #"CREATE CONTINUOUS QUERY c ON chainsrc BEGIN SELECT mean(v) AS v INTO chainsrc.autogen.m_1h FROM chainsrc.autogen.m GROUP BY time(1h) END"#
        )
        let older = try s.dump(["-d", "chainsrc"], prefix: "influxdump-so-older")
        try s.execute("DROP CONTINUOUS QUERY c ON chainsrc")
        try s.execute(
            #"CREATE CONTINUOUS QUERY c ON chainsrc BEGIN SELECT max(v) AS v INTO chainsrc.autogen.m_1h FROM chainsrc.autogen.m GROUP BY time(1h) END"#
        )
        try s.write("chainsrc", Array("m v=2 2000000000\n".utf8))
        let newer = try s.dump(["-d", "chainsrc"], prefix: "influxdump-so-newer")
        defer { for d in [older, newer] { try? FileManager.default.removeItem(atPath: d) } }

        let out = try Shell.run(
            TestServer.executable, ["restore", "--host", s.url, "-i", older, "-i", newer, "-d", "chaindst", "--with-cqs", "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let cqs = try continuousQueries(s, "chaindst")
        XCTAssertEqual(cqs.count, 1)
        XCTAssertTrue(cqs["c"]?.contains("max(v)") == true, "the newest archive's definition: \(cqs)")

        // A later archive that cannot be restored as asked (two databases for one -d) stops the
        // restore before the first archive writes anything.
        try s.execute("CREATE DATABASE other")
        try s.write("other", Array("n v=1 1000000000\n".utf8))
        let both = try s.dump(["-d", "chainsrc", "-d", "other"], prefix: "influxdump-so-both")
        defer { try? FileManager.default.removeItem(atPath: both) }
        let refused = try Shell.run(TestServer.executable, ["restore", "--host", s.url, "-i", older, "-i", both, "-d", "untouched", "-q"])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        let dbs = SchemaDiscovery.rows(try s.client().queryValues("SHOW DATABASES")).flatMap { $0.values.compactMap(\.stringValue) }
        XCTAssertFalse(dbs.contains("untouched"), "nothing was created: \(dbs)")
    }
}
