import Crypto
import Foundation
import Support

/// A stage fed an age v1 file in pieces of any size that hands the plaintext to the next sink,
/// one authenticated chunk at a time. It never hands on bytes a later check could refuse: the
/// last authenticated chunk is held back until the next one authenticates, or until `finish`
/// confirms it was flagged final, so a file of one chunk reaches `next` whole or not at all.
/// After a failure every call throws that failure again and `next.finish()` is never called.
public final class AgeDecryptingSink: ByteSink {
    /// The largest header accepted: hundreds of stanzas. A larger one is refused before it is parsed.
    public static let maxHeaderSize = 64 * 1024

    private enum Stage {
        case header
        case nonce(SymmetricKey)
        case payload(AgeStreamCipher)
        case finished
    }

    private let next: ByteSink
    private let name: String
    private let unwrapping: AgeFileKeyUnwrapping
    private var stage: Stage = .header
    /// The header (≤ maxHeaderSize), then the payload nonce, then one sealed chunk (≤ 64 KiB + 16).
    private var buffer: [UInt8] = []
    /// Where the header's last unfinished line starts in `buffer`.
    private var lineStart = 0
    /// The last authenticated plaintext chunk, not yet handed on (≤ 64 KiB).
    private var pending: Data?
    private var failure: (any Error)?

    /// Decrypts with the first of `identities` that matches a stanza; `name` (the file or object
    /// key) begins every error message.
    public convenience init(identities: [AgeIdentity], next: ByteSink, name: String) {
        self.init(unwrapping: .identities(identities), next: next, name: name)
    }

    /// Decrypts a passphrase-encrypted file (`age -p`), refusing work factors above `maxWorkFactor`.
    public convenience init(
        passphrase: AgePassphrase, maxWorkFactor: Int = AgePassphrase.defaultMaxWorkFactor, next: ByteSink, name: String
    ) {
        self.init(unwrapping: .passphrase(passphrase, maxWorkFactor: maxWorkFactor), next: next, name: name)
    }

    init(unwrapping: AgeFileKeyUnwrapping, next: ByteSink, name: String) {
        self.unwrapping = unwrapping
        self.next = next
        self.name = name
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let failure { throw failure }
        do { try consume(bytes[...]) } catch {
            failure = error
            throw error
        }
    }

    public func finish() throws {
        if let failure { throw failure }
        do { try end() } catch {
            failure = error
            throw error
        }
    }

    private func consume(_ input: Slice<UnsafeRawBufferPointer>) throws {
        var rest = input
        while !rest.isEmpty {
            switch stage {
            case .header: rest = try consumeHeader(rest)
            case let .nonce(fileKey):
                let n = min(AgeKeySchedule.payloadNonceSize - buffer.count, rest.count)
                buffer += rest.prefix(n)
                rest = rest.dropFirst(n)
                if buffer.count == AgeKeySchedule.payloadNonceSize {
                    stage = .payload(AgeStreamCipher(key: AgeKeySchedule.payloadKey(fileKey, nonce: buffer)))
                    buffer.removeAll(keepingCapacity: true)
                    buffer.reserveCapacity(AgeStreamCipher.sealedChunkSize)
                }
            case var .payload(cipher):
                if buffer.count == AgeStreamCipher.sealedChunkSize {
                    // More bytes follow a full chunk, so it must not be the final one.
                    try openInnerChunk(&cipher)
                    stage = .payload(cipher)
                }
                let n = min(AgeStreamCipher.sealedChunkSize - buffer.count, rest.count)
                buffer += rest.prefix(n)
                rest = rest.dropFirst(n)
            case .finished: throw AgeError.trailingData(name: name)
            }
        }
    }

    /// Takes header bytes up to the end of the next line; parses the header at its `---` line.
    private func consumeHeader(_ rest: Slice<UnsafeRawBufferPointer>) throws(AgeError) -> Slice<UnsafeRawBufferPointer> {
        let newline = rest.firstIndex(of: 0x0A)
        let take = newline.map { $0 - rest.startIndex + 1 } ?? rest.count
        guard buffer.count + take <= Self.maxHeaderSize else { throw .headerTooLarge(name: name, limit: Self.maxHeaderSize) }
        buffer += rest.prefix(take)
        let intro = AgeHeader.intro
        if !(buffer.count <= intro.count ? intro.starts(with: buffer) : buffer.starts(with: intro)) {
            throw .notAgeFile(name: name)
        }
        if newline != nil {
            if buffer[lineStart...].starts(with: AgeHeader.footerPrefix) {
                let header = try AgeHeader.parse(buffer[...], name: name)
                stage = .nonce(try unwrapping.fileKey(for: header, name: name))
                buffer = []
            }
            lineStart = buffer.count
        }
        return rest.dropFirst(take)
    }

    /// Opens a full chunk known to have bytes after it.
    private func openInnerChunk(_ cipher: inout AgeStreamCipher) throws {
        let number = cipher.counter + 1
        if let plain = try cipher.open(buffer[...], last: false) {
            try handOn(plain)
        } else if try cipher.open(buffer[...], last: true) != nil {
            throw AgeError.trailingData(name: name)
        } else {
            throw AgeError.chunkUnauthenticated(name: name, chunk: number)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Hands on the chunk held back (the new one proved it was not the last) and holds `plain`.
    private func handOn(_ plain: Data) throws {
        if let pending { try pending.withUnsafeBytes { try next.write($0) } }
        pending = plain
    }

    private func end() throws {
        switch stage {
        case .header:
            if buffer.isEmpty { throw AgeError.truncated(name: name, problem: "the file is empty") }
            throw AgeError.truncated(name: name, problem: "the file ends inside the age header")
        case .nonce: throw AgeError.truncated(name: name, problem: "the file ends before the payload nonce")
        case var .payload(cipher): try endPayload(&cipher)
        case .finished: throw AgeError.crypto(name: name, operation: "finishing twice")
        }
    }

    /// Opens what is left as the final chunk, hands on the held chunk and it, and finishes `next`.
    private func endPayload(_ cipher: inout AgeStreamCipher) throws {
        let number = cipher.counter + 1
        if buffer.isEmpty {
            // age never ends a file without a chunk flagged final; an empty payload still has one.
            if number == 1 { throw AgeError.truncated(name: name, problem: "no payload after the header") }
            throw AgeError.truncated(name: name, problem: "the file ends after chunk \(number - 1), which is not the final chunk")
        }
        if buffer.count == AgeStreamCipher.tagSize && number > 1 { throw AgeError.emptyFinalChunk(name: name) }
        guard let plain = try cipher.open(buffer[...], last: true) else {
            if buffer.count == AgeStreamCipher.sealedChunkSize, try cipher.open(buffer[...], last: false) != nil {
                throw AgeError.truncated(name: name, problem: "the file ends after chunk \(number), which is not the final chunk")
            }
            throw AgeError.chunkUnauthenticated(name: name, chunk: number)
        }
        try handOn(plain)
        try handOn(Data())
        pending = nil
        buffer = []
        stage = .finished
        try next.finish()
    }
}
