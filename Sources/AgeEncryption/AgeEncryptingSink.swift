import Crypto
import Foundation
import Support

/// A stage that encrypts into the next sink as an age v1 file (`age -d` decrypts it): the header
/// and the payload nonce first, then the STREAM payload one 64 KiB chunk at a time.
public final class AgeEncryptingSink: ByteSink {
    private let next: ByteSink
    /// The header and the payload nonce, written before the first chunk (nil once written).
    private var prefix: [UInt8]?
    private var cipher: AgeStreamCipher
    /// Plaintext of the chunk being filled: one chunk, 64 KiB, the only buffer this stage holds. A
    /// full chunk waits for the next byte, since only then is it known not to be the final one.
    private var chunk: [UInt8] = []

    /// Encrypts to every recipient in `recipients` (at least one): any of their identities decrypts.
    public convenience init(recipients: [AgeRecipient], next: ByteSink) throws(AgeError) {
        try self.init(wrapping: .recipients(recipients), next: next)
    }

    /// Encrypts to a passphrase (age's scrypt recipient, `age -p`) with 2^`workFactor` scrypt rounds.
    public convenience init(passphrase: AgePassphrase, workFactor: Int = AgePassphrase.defaultWorkFactor, next: ByteSink)
        throws(AgeError)
    {
        try self.init(wrapping: .passphrase(passphrase, workFactor: workFactor), next: next)
    }

    init(wrapping: AgeFileKeyWrapping, next: ByteSink) throws(AgeError) {
        let fileKey = AgeKeySchedule.newFileKey()
        var nonce = [UInt8](repeating: 0, count: AgeKeySchedule.payloadNonceSize)
        var rng = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = rng.next() }
        prefix = AgeHeader.encode(stanzas: try wrapping.stanzas(for: fileKey), fileKey: fileKey) + nonce
        cipher = AgeStreamCipher(key: AgeKeySchedule.payloadKey(fileKey, nonce: nonce))
        self.next = next
        chunk.reserveCapacity(AgeStreamCipher.chunkSize)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writePrefix()
        var offset = 0
        while offset < bytes.count {
            if chunk.count == AgeStreamCipher.chunkSize {
                try chunk.withUnsafeBytes { try seal($0, last: false) }
                chunk.removeAll(keepingCapacity: true)
            }
            if chunk.isEmpty && bytes.count - offset > AgeStreamCipher.chunkSize {
                // A whole chunk with more bytes after it: seal it in place, without a copy.
                try seal(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + AgeStreamCipher.chunkSize)]), last: false)
                offset += AgeStreamCipher.chunkSize
                continue
            }
            let n = min(AgeStreamCipher.chunkSize - chunk.count, bytes.count - offset)
            chunk.append(contentsOf: bytes[offset..<(offset + n)])
            offset += n
        }
    }

    /// Seals what is left as the final chunk (empty only when nothing was written) and finishes `next`.
    public func finish() throws {
        try writePrefix()
        try chunk.withUnsafeBytes { try seal($0, last: true) }
        chunk = []
        try next.finish()
    }

    private func writePrefix() throws {
        guard let prefix else { return }
        self.prefix = nil
        try next.write(prefix)
    }

    private func seal(_ plaintext: UnsafeRawBufferPointer, last: Bool) throws {
        let sealed = try cipher.seal(plaintext, last: last)
        try sealed.ciphertext.withUnsafeBytes { try next.write($0) }
        try sealed.tag.withUnsafeBytes { try next.write($0) }
    }
}

extension AgeEncryptingSink {
    /// Encrypts a whole small buffer (a manifest) to `recipients`.
    public static func encrypt(_ plaintext: [UInt8], to recipients: [AgeRecipient]) throws(AgeError) -> [UInt8] {
        let out = MemorySink()
        do {
            let sink = try AgeEncryptingSink(recipients: recipients, next: out)
            try sink.write(plaintext)
            try sink.finish()
        } catch let error as AgeError {
            throw error
        } catch {
            throw .crypto(name: "buffer", operation: "encrypting")
        }
        return out.bytes
    }
}
