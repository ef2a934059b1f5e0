import Crypto
import Foundation

/// age's STREAM: the payload in chunks of 64 KiB of plaintext, each sealed with ChaCha20-Poly1305
/// under the nonce `counter (11 bytes, big-endian) || last-chunk flag (1 byte)`. The counter starts
/// at zero and counts chunks; the flag is 1 only on the final chunk, so a cut file cannot pass as whole.
struct AgeStreamCipher {
    static let chunkSize = 64 * 1024
    static let tagSize = 16
    static let sealedChunkSize = chunkSize + tagSize

    private let key: SymmetricKey
    /// The index of the next chunk, 0-based.
    private(set) var counter: UInt64 = 0

    init(key: SymmetricKey) { self.key = key }

    private func nonce(last: Bool) throws(AgeError) -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        // 64 bits of the 88-bit counter are enough: 2^64 chunks is far beyond any file.
        for i in 0..<8 { bytes[3 + i] = UInt8(truncatingIfNeeded: counter >> (8 * (7 - UInt64(i)))) }
        bytes[11] = last ? 1 : 0
        do { return try ChaChaPoly.Nonce(data: bytes) } catch { throw .crypto(name: "payload", operation: "making a nonce") }
    }

    /// Seals the next chunk (at most 64 KiB; shorter or empty only when `last`) into ciphertext and tag.
    mutating func seal(_ chunk: UnsafeRawBufferPointer, last: Bool) throws(AgeError) -> (ciphertext: Data, tag: Data) {
        let box: ChaChaPoly.SealedBox
        do { box = try ChaChaPoly.seal(chunk, using: key, nonce: nonce(last: last)) } catch {
            throw .crypto(name: "payload", operation: "sealing a chunk")
        }
        counter += 1
        return (box.ciphertext, box.tag)
    }

    /// Opens the next sealed chunk as flagged `last` or not; nil when it does not authenticate so.
    /// The counter moves on only when it does.
    mutating func open(_ sealed: ArraySlice<UInt8>, last: Bool) throws(AgeError) -> Data? {
        guard sealed.count >= Self.tagSize else { return nil }
        let split = sealed.endIndex - Self.tagSize
        let nonce = try nonce(last: last)
        guard let box = try? ChaChaPoly.SealedBox(nonce: nonce, ciphertext: sealed[..<split], tag: sealed[split...]),
            let plain = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        counter += 1
        return plain
    }
}
