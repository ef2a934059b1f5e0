import Foundation
import Support

/// Writes bytes to a file descriptor (stdout, a pipe), retrying short writes.
final class DescriptorSink: ByteSink {
    let fd: Int32
    let name: String

    init(_ fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws { try Self.writeAll(fd, bytes, name: name) }

    /// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.io(path: name, operation: "write", message: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    func finish() throws {}
}
