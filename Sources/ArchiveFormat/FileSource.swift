import Foundation

/// Reads a file in fixed pieces (1 MiB buffer, reused) and hands each to a closure.
public enum FileSource {
    public static let chunkSize = 1 << 20

    public static func read(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.io(path: path, operation: "open", message: String(cString: strerror(errno))) }
        defer { close(fd) }
        try read(descriptor: fd, name: path, body)
    }

    /// The same from an open descriptor, to its end.
    static func read(descriptor fd: Int32, name path: String = "standard input", _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.io(path: path, operation: "read", message: String(cString: strerror(errno)))
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
