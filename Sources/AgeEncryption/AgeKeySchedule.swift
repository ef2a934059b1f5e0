import Crypto

/// age's keys below the file key, each from HKDF-SHA-256 with its own label.
enum AgeKeySchedule {
    static let fileKeySize = 16
    static let payloadNonceSize = 16

    /// A new random 16-byte file key: one per file, wrapped once per recipient.
    static func newFileKey() -> SymmetricKey { SymmetricKey(size: .init(bitCount: fileKeySize * 8)) }

    /// HKDF(ikm: file key, salt: empty, info: "header"): the header MAC's key.
    static func headerKey(_ fileKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: [UInt8](), info: Array("header".utf8), outputByteCount: 32)
    }

    /// HKDF(ikm: file key, salt: the payload's 16-byte nonce, info: "payload"): the STREAM key.
    static func payloadKey(_ fileKey: SymmetricKey, nonce: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: nonce, info: Array("payload".utf8), outputByteCount: 32)
    }

    /// 12 zero bytes: each wrapping key is used once, so stanzas seal the file key under a zero nonce.
    static func zeroNonce() throws(AgeError) -> ChaChaPoly.Nonce {
        do { return try ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)) } catch {
            throw .crypto(name: "stanza", operation: "making a nonce")
        }
    }

    /// Seals the file key under a stanza's wrapping key: 16 bytes of ciphertext, 16 of tag.
    static func wrap(_ fileKey: SymmetricKey, with key: SymmetricKey) throws(AgeError) -> [UInt8] {
        do {
            let box = try fileKey.withUnsafeBytes { try ChaChaPoly.seal($0, using: key, nonce: zeroNonce()) }
            return Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw .crypto(name: "stanza", operation: "wrapping the file key")
        }
    }

    /// Opens a stanza's body; nil when the key is not the one it was sealed with.
    static func unwrap(_ body: [UInt8], with key: SymmetricKey) throws(AgeError) -> SymmetricKey? {
        guard body.count == fileKeySize + 16 else { return nil }
        let nonce = try zeroNonce()
        guard let box = try? ChaChaPoly.SealedBox(nonce: nonce, ciphertext: body.prefix(fileKeySize), tag: body.suffix(16)),
            let key = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        return SymmetricKey(data: key)
    }
}
