#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file opened for reading at offsets (`pread`), closed in `deinit`. TSM files are read this
/// way rather than mapped: a mapping's touched pages count in the process's resident set, and a
/// shard's files are gigabytes; here memory is the caller's buffers only.
final class PositionalReader: @unchecked Sendable {
    // Sendable: `pread` does not move a shared offset, so threads may read one descriptor at once.
    let path: String
    /// What errors name: the file as the user knows it (a member of a backup's archive).
    let label: String
    let size: Int
    private let fd: Int32

    init(path: String, label: String? = nil) throws(NativeBackupError) {
        let label = label ?? path
        self.path = path
        self.label = label
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: label, operation: "open", message: String(cString: strerror(errno))) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw .io(path: label, operation: "stat", message: message)
        }
        size = Int(st.st_size)
    }

    deinit { close(fd) }

    /// Fills `buffer` with the bytes at `offset`; throws if the file ends first.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(NativeBackupError) {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: label, operation: "read", message: String(cString: strerror(errno)))
            }
            if n == 0 { throw .tsmUnreadable(path: label, message: "ends at byte \(offset + done), expected \(buffer.count - done) more") }
            done += n
        }
    }

    /// The bytes at `offset`, as a new array.
    func bytes(at offset: Int, count: Int) throws(NativeBackupError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var failure: NativeBackupError? = nil
        out.withUnsafeMutableBytes { b in
            do throws(NativeBackupError) { try read(into: b, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }
}
