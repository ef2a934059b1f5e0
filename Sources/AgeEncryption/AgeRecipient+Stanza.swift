import Crypto

/// The X25519 stanza: `-> X25519 <ephemeral share>`, the file key sealed under
/// HKDF(ikm: X25519(ephemeral, recipient), salt: share || recipient, info: label).
extension AgeRecipient {
    static let stanzaType = "X25519"
    static let label = Array("age-encryption.org/v1/X25519".utf8)

    /// Wraps `fileKey` for this recipient under a fresh ephemeral key.
    func stanza(wrapping fileKey: SymmetricKey) throws(AgeError) -> AgeStanza {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = Array(ephemeral.publicKey.rawRepresentation)
        let secret: SharedSecret
        do {
            let theirs = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
            secret = try ephemeral.sharedSecretFromKeyAgreement(with: theirs)
        } catch {
            throw .malformedKey(source: description, problem: "not a usable X25519 public key")
        }
        // A low-order public key gives an all-zero secret, which anyone could compute.
        if secret.withUnsafeBytes({ $0.allSatisfy { $0 == 0 } }) {
            throw .malformedKey(source: description, problem: "not a usable X25519 public key")
        }
        let key = Self.wrappingKey(secret, share: share, recipient: publicKey)
        return AgeStanza(args: [Self.stanzaType, AgeBase64.encodeString(share)], body: try AgeKeySchedule.wrap(fileKey, with: key))
    }

    static func wrappingKey(_ secret: SharedSecret, share: [UInt8], recipient: [UInt8]) -> SymmetricKey {
        secret.hkdfDerivedSymmetricKey(using: SHA256.self, salt: share + recipient, sharedInfo: label, outputByteCount: 32)
    }
}
