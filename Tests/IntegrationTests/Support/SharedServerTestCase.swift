import Foundation
import XCTest

/// A test class with one real influxd for all its tests: started once, loaded by `prepare`,
/// destroyed (with the files `prepare` names) when the class is done. Each test gets a fresh
/// `work` folder. A failed start or load fails every test of the class with that error.
class SharedServerTestCase: XCTestCase {
    private struct Shared {
        var server: TestServer?
        var error: Error?
        var leftovers: [String] = []
    }
    /// Per subclass: a static stored property would be shared by every subclass.
    nonisolated(unsafe) private static var shared: [ObjectIdentifier: Shared] = [:]
    private static let lock = NSLock()

    /// Loads the class's data into its server; returns files or folders to remove at the end.
    class func prepare(_ server: TestServer) throws -> [String] { [] }

    /// The `work` folder's name part: `$TMPDIR/influxdump-<workName>-<uuid>`.
    class var workName: String { "test" }

    class var server: TestServer? { lock.withLock { shared[ObjectIdentifier(self)]?.server } }
    class var setupError: Error? { lock.withLock { shared[ObjectIdentifier(self)]?.error } }

    var work: String!

    /// The class's server (every test of the class fails with the error of a failed start).
    func liveServer() throws -> TestServer {
        if let e = Self.setupError { throw e }
        return try XCTUnwrap(Self.server)
    }

    override class func setUp() {
        super.setUp()
        var s = Shared()
        do {
            let server = try TestServer()
            s.server = server
            s.leftovers = try prepare(server)
        } catch { s.error = error }
        lock.withLock { shared[ObjectIdentifier(self)] = s }
    }

    override class func tearDown() {
        let s = lock.withLock { shared.removeValue(forKey: ObjectIdentifier(self)) }
        s?.server?.destroy()
        for path in s?.leftovers ?? [] { try? FileManager.default.removeItem(atPath: path) }
        super.tearDown()
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        if let e = Self.setupError { throw e }
        work = try TestServer.workDirectory(Self.workName)
    }

    override func tearDown() {
        if let work { try? FileManager.default.removeItem(atPath: work) }
        super.tearDown()
    }
}
