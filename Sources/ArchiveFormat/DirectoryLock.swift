import Foundation
import Support

/// The lock of an archive directory being written, `.influxdump.lock`: an exclusive `flock`
/// held for as long as the writer (or a remover) works in the directory. The kernel releases
/// it when the process dies, so a file left by a killed dump blocks nothing.
public final class DirectoryLock: @unchecked Sendable {
    public static let fileName = ".influxdump.lock"
    private var fd: Int32

    /// Takes the lock of `root` (creating its lock file) and writes this process's id into it;
    /// throws `.locked` when another process (or another lock of this one) holds it.
    public init(root: String) throws(ArchiveError) {
        let path = root + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else { throw .io(path: path, operation: "create lock", message: String(cString: strerror(errno))) }
        // `isHeld` (prune, a job's next run) takes the lock for a moment to test it: a few short
        // retries keep that from failing a dump that starts at the same instant.
        var attempts = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            attempts += 1
            guard attempts < 5 else {
                close(fd)
                throw .locked(path: root)
            }
            usleep(20_000)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        self.fd = fd
    }

    deinit { release() }

    /// Gives the lock up (idempotent); the lock file stays.
    public func release() {
        if fd >= 0 { close(fd); fd = -1 }
    }

    /// Whether some process holds the lock of `root` now. A directory without a lock file is
    /// not locked. Read only: nothing is created or written.
    public static func isHeld(root: String) -> Bool {
        let fd = open(root + "/" + fileName, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }
}
