import Foundation
import Support

/// Writes to a file through a POSIX descriptor so every failure (ENOSPC, EIO) names its path.
/// `finish()` fsyncs and closes; files are created private (`FileModes`).
public final class FileSink: ByteSink {
    public let path: String
    private var fd: Int32

    public init(creating path: String, mode: mode_t = FileModes.file) throws(ArchiveError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io(path: path, operation: "create", message: String(cString: strerror(errno))) }
    }

    /// Opens an existing file (or creates it) to append.
    public init(appendingTo path: String) throws(ArchiveError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else { throw .io(path: path, operation: "open", message: String(cString: strerror(errno))) }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// An exclusive, non-blocking advisory lock on the file, held until it is closed.
    public func tryLock() -> Bool { fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 }

    /// Empties the file (the descriptor appends, so later writes start at 0).
    public func truncate() { if fd >= 0 { _ = ftruncate(fd, 0) } }

    /// Makes what was written so far durable without closing.
    public func sync() throws {
        if fd >= 0, fsync(fd) != 0 { throw ArchiveError.io(path: path, operation: "fsync", message: String(cString: strerror(errno))) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws { try DescriptorSink.writeAll(fd, bytes, name: path) }

    public func finish() throws {
        guard fd >= 0 else { return }
        if fsync(fd) != 0 { throw ArchiveError.io(path: path, operation: "fsync", message: String(cString: strerror(errno))) }
        let rc = close(fd)
        fd = -1
        if rc != 0 { throw ArchiveError.io(path: path, operation: "close", message: String(cString: strerror(errno))) }
    }

    /// Closes without syncing (the file is about to be removed).
    public func abandon() {
        if fd >= 0 { close(fd); fd = -1 }
    }
}
