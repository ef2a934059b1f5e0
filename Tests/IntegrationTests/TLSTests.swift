import Foundation
import InfluxDump
import XCTest

/// https against an influxd serving a certificate from a throwaway CA: refused by default (and
/// not retried), accepted with --ca-cert, accepted with --insecure-skip-verify plus a warning.
final class TLSTests: XCTestCase {
    var server: TestServer!
    var work: String!

    override func setUpWithError() throws {
        work = try TestServer.workDirectory("tls")
        let openssl = "/usr/bin/openssl"
        for args in [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(work!)/ca.key", "-out", "\(work!)/ca.pem", "-days", "2",
                "-subj", "/CN=influxdump test CA",
            ],
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(work!)/server.key", "-out", "\(work!)/server.csr", "-subj",
                "/CN=127.0.0.1",
            ],
        ] {
            let out = try Shell.run(openssl, args)
            XCTAssertEqual(out.status, 0, out.stderr)
        }
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: work + "/ext.cnf", atomically: true, encoding: .utf8)
        let sign = try Shell.run(
            openssl,
            [
                "x509", "-req", "-in", "\(work!)/server.csr", "-CA", "\(work!)/ca.pem", "-CAkey", "\(work!)/ca.key",
                "-CAcreateserial", "-out", "\(work!)/server.pem", "-days", "2", "-extfile", "\(work!)/ext.cnf",
            ])
        XCTAssertEqual(sign.status, 0, sign.stderr)
        server = try TestServer(tls: (cert: work + "/server.pem", key: work + "/server.key", ca: work + "/ca.pem"))
        try server.execute("CREATE DATABASE tls")
        try server.write("tls", Array("m,h=a f=1.5 1\n".utf8))
    }

    override func tearDown() {
        server?.destroy()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    func testCertificatesAreVerifiedByDefault() throws {
        XCTAssertTrue(server.url.hasPrefix("https://"))
        let started = Date()
        let refused = try Shell.run(TestServer.executable, ["dump", "--host", server.url, "-d", "tls", "-o", work + "/a"])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains(
                "(the server's certificate is not trusted: give --ca-cert FILE with its CA, or --insecure-skip-verify)"), refused.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "a TLS trust failure is not retried")

        let trusted = try Shell.run(
            TestServer.executable, ["dump", "--host", server.url, "-d", "tls", "-o", work + "/b", "--ca-cert", work + "/ca.pem", "-q"])
        XCTAssertEqual(trusted.status, 0, trusted.stderr)
        XCTAssertEqual(try StoredArchiveReader.loadManifest(root: work + "/b").totalPoints, 1)

        let insecure = try Shell.run(
            TestServer.executable, ["dump", "--host", server.url, "-d", "tls", "-o", work + "/c", "--insecure-skip-verify", "-q"])
        XCTAssertEqual(insecure.status, 0, insecure.stderr)
        XCTAssertTrue(
            insecure.stderr.contains("influxdump: warning: TLS certificate verification is off (--insecure-skip-verify)"), insecure.stderr)

        let restore = try Shell.run(
            TestServer.executable,
            ["restore", "--host", server.url, "-i", work + "/b", "-d", "tls_copy", "--ca-cert", work + "/ca.pem", "-q"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
    }
}
