import AgeEncryption
import Foundation
import Support

/// An encrypted stream (`dump -o - --recipient …`) is the whole stream as one age file, so
/// `age -d` turns it back into the plain stream. Reading one, a thread decrypts the input into
/// a pipe that the stream reader reads: memory stays at one age chunk and the pipe's buffer.
enum StreamDecryption {
    /// The first bytes of every age file.
    static let ageMagic = Array("age-encryption.org/v1".utf8)

    /// Starts the decrypting thread over `fd`, whose first bytes (`prefix`) were already read;
    /// returns the pipe's read end and a way to learn the thread's failure once it has ended.
    static func start(fd: Int32, prefix: [UInt8], identities: [AgeIdentity]) throws -> (fd: Int32, failure: @Sendable () -> Error?) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw ArchiveError.io(path: "standard input", operation: "create pipe", message: String(cString: strerror(errno)))
        }
        let failure = Locked<Error?>(nil)
        let (input, output) = (fd, fds[1])
        Thread {
            defer { close(output) }
            let sink = AgeDecryptingSink(
                identities: identities, next: DescriptorSink(output, name: "the decrypted stream"), name: "standard input")
            do {
                try sink.write(prefix)
                try FileSource.read(descriptor: input) { try sink.write($0) }
                try sink.finish()
            } catch {
                failure.with { $0 = error }
            }
        }.start()
        return (fds[0], { failure.snapshot })
    }
}
