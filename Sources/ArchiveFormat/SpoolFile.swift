import Foundation
import Support

/// A temporary file that holds a downloaded object while its checksum is computed, so no byte
/// of a damaged object is handed on and memory stays bounded whatever the object's size. The
/// file is unlinked as soon as it is created: nothing is left behind, even after a kill.
final class SpoolFile: ByteSink {
    private let fd: Int32
    private(set) var size: Int64 = 0

    init() throws {
        let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array((dir + "/influxdump-spool-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ArchiveError.io(path: dir, operation: "create spool file", message: String(cString: strerror(errno))) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try DescriptorSink.writeAll(fd, bytes, name: "spool file")
        size += Int64(bytes.count)
    }

    func finish() throws {}

    /// Reads the whole file again from its start, in 1 MiB pieces.
    func replay(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw ArchiveError.io(path: "spool file", operation: "seek", message: String(cString: strerror(errno)))
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileSource.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, FileSource.chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.io(path: "spool file", operation: "read", message: String(cString: strerror(errno)))
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
