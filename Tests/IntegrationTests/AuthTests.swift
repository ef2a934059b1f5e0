import Foundation
import InfluxDump
import XCTest

/// Dump and restore against a server with authentication on: the password comes from
/// INFLUX_PASSWORD or --password-file, and appears in no output, manifest or argument list.
final class AuthTests: XCTestCase {
    var server: TestServer!
    var work: String!

    override func setUpWithError() throws {
        server = try TestServer(auth: true)
        work = try TestServer.workDirectory("auth")
        try server.execute("CREATE DATABASE secure")
        try server.write("secure", Array("m,h=a f=1.5,i=2i 1\nm,h=b s=\"x\" 2\n".utf8))
    }

    override func tearDown() {
        server?.destroy()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    func environment(password: String?) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["INFLUX_PASSWORD"] = password
        if password == nil { env.removeValue(forKey: "INFLUX_PASSWORD") }
        return env
    }

    func testPasswordFromEnvironmentAndFileNeverShows() throws {
        let exe = TestServer.executable
        let password = TestServer.adminPassword
        let dump = try Shell.run(
            exe, ["dump", "--host", server.url, "-u", TestServer.adminUser, "-d", "secure", "-o", work + "/a", "--log-level", "debug"],
            environment: environment(password: password))
        XCTAssertEqual(dump.status, 0, dump.stderr)

        let file = work + "/pw"
        try (password + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let restore = try Shell.run(
            exe,
            [
                "restore", "--host", server.url, "-u", TestServer.adminUser, "--password-file", file, "-i", work + "/a",
                "-d", "secure_copy", "--log-level", "debug",
            ], environment: environment(password: nil))
        XCTAssertEqual(restore.status, 0, restore.stderr)

        let (pipeDump, pipeRestore) = try Shell.pipe(
            (exe, ["dump", "--host", server.url, "-u", TestServer.adminUser, "-d", "secure", "-o", "-", "--log-level", "debug"]),
            (exe, ["restore", "--host", server.url, "-u", TestServer.adminUser, "-i", "-", "-d", "secure_pipe", "--log-level", "debug"]),
            environment: environment(password: password))
        XCTAssertEqual(pipeDump.status, 0, pipeDump.stderr)
        XCTAssertEqual(pipeRestore.status, 0, pipeRestore.stderr)

        let manifest = try String(contentsOfFile: work + "/a/manifest.json", encoding: .utf8)
        for (name, text) in [
            ("dump", dump.stdout + dump.stderr), ("restore", restore.stdout + restore.stderr),
            ("pipe", pipeDump.stderr + pipeRestore.stdout + pipeRestore.stderr), ("manifest", manifest),
        ] {
            XCTAssertFalse(text.contains(password), "password in \(name) output")
        }
        XCTAssertTrue(dump.stderr.contains("dump finished"), "debug logging was on, so the check above read real log lines")
        let copy = SchemaDiscovery.rows(
            try server.client().queryValues("SELECT count(*) FROM \"secure_copy\"..\"m\"", database: "secure_copy"))
        XCTAssertFalse(copy.isEmpty)
    }

    func testRunJobsNeverLogThePassword() throws {
        let password = TestServer.adminPassword
        try """
        name: secret-job
        source:
          url: \(server.url)
          username: \(TestServer.adminUser)
          password_env: SOURCE_PW
          databases: [{name: secure, destination: secure_job}]
        target:
          server:
            url: \(server.url)
            username: \(TestServer.adminUser)
            password_env: SOURCE_PW
        mode: incremental
        fallback_days: 0
        options: {validate: true}
        logging: {level: trace, file: \(work!)/secret-job.log}
        """.write(toFile: work + "/job.yaml", atomically: true, encoding: .utf8)
        var env = environment(password: nil)
        env["SOURCE_PW"] = password
        let out = try Shell.run(TestServer.executable, ["run", work + "/job.yaml", "--once", "--log-level", "trace"], environment: env)
        XCTAssertEqual(out.status, 0, out.stderr)
        let log = try String(contentsOfFile: work + "/secret-job.log", encoding: .utf8)
        XCTAssertTrue(log.contains("job finished"), "the log was written")
        for (name, text) in [("stdout", out.stdout), ("stderr", out.stderr), ("log file", log)] {
            XCTAssertFalse(text.contains(password), "password in \(name)")
        }
    }

    func testPasswordPromptOnATerminalDoesNotEcho() throws {
        // `script` gives influxdump a terminal; the password is typed into it after the prompt.
        let command =
            "'\(TestServer.executable)' dump --host '\(server.url)' -u \(TestServer.adminUser) -d secure -o '\(work!)/prompted' -q"
        let typed = work + "/typed"
        try "\(TestServer.adminPassword)\n".write(toFile: typed, atomically: true, encoding: .utf8)
        let out = try Shell.run(
            "/bin/sh", ["-c", "(sleep 1; cat '\(typed)') | script -qec \"\(command)\" /dev/null"], environment: environment(password: nil))
        XCTAssertEqual(out.status, 0, out.stdout + out.stderr)
        XCTAssertTrue(out.stdout.contains("Password for \(TestServer.adminUser) at \(server.url): "), out.stdout)
        XCTAssertFalse((out.stdout + out.stderr).contains(TestServer.adminPassword), "the typed password is not echoed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/prompted/manifest.json"))
    }

    func testThePasswordIsNotInTheProcessArguments() throws {
        let child = try Shell.spawn(
            TestServer.executable,
            [
                "dump", "--host", server.url, "-u", TestServer.adminUser, "-d", "secure", "-o", work + "/cmdline", "--chunk", "1s", "-j",
                "1", "-q",
            ],
            environment: environment(password: TestServer.adminPassword), stdinFD: nil, stdoutFD: nil, closeInChild: [])
        Thread.sleep(forTimeInterval: 0.3)
        let cmdline = FileManager.default.contents(atPath: "/proc/\(child.pid)/cmdline") ?? Data()
        kill(child.pid, SIGKILL)
        _ = Shell.drain(child.outputs)
        _ = Shell.wait(child.pid)
        XCTAssertFalse(cmdline.isEmpty, "read the running process's arguments")
        XCTAssertFalse(String(decoding: cmdline, as: UTF8.self).contains(TestServer.adminPassword))
    }

    func testWrongPasswordIsAClearError() throws {
        let dump = try Shell.run(
            TestServer.executable,
            ["dump", "--host", server.url, "-u", TestServer.adminUser, "-d", "secure", "-o", work + "/b", "--retries", "0"],
            environment: environment(password: "wrong"))
        XCTAssertEqual(dump.status, 1)
        XCTAssertTrue(
            dump.stderr.contains(
                "HTTP 401: authorization failed (check the user name and its password: --username with INFLUX_PASSWORD or --password-file, or a job's username with password_env or password_file)"
            ), dump.stderr)
        XCTAssertFalse(dump.stderr.contains("wrong"))
    }
}
