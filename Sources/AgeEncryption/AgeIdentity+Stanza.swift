import Crypto

extension AgeIdentity {
    /// The file key from an X25519 stanza sealed to this identity; nil when the stanza is of
    /// another type or for another recipient. A malformed X25519 stanza is an error, as in age.
    func fileKey(from stanza: AgeStanza, name: String) throws(AgeError) -> SymmetricKey? {
        guard stanza.type == AgeRecipient.stanzaType else { return nil }
        guard stanza.args.count == 2, let share = AgeBase64.decode(stanza.args[1].utf8), share.count == 32 else {
            throw .malformedHeader(name: name, problem: "invalid X25519 stanza (its share is not 32 bytes)")
        }
        guard stanza.body.count == AgeKeySchedule.fileKeySize + 16 else {
            throw .malformedHeader(name: name, problem: "invalid X25519 stanza (its body is not 32 bytes)")
        }
        let privateKey = try privateKey()
        let secret: SharedSecret
        do {
            secret = try privateKey.sharedSecretFromKeyAgreement(with: Curve25519.KeyAgreement.PublicKey(rawRepresentation: share))
        } catch {
            throw .malformedHeader(name: name, problem: "invalid X25519 stanza (a low-order share)")
        }
        if secret.withUnsafeBytes({ $0.allSatisfy { $0 == 0 } }) {
            throw .malformedHeader(name: name, problem: "invalid X25519 stanza (a low-order share)")
        }
        let key = AgeRecipient.wrappingKey(secret, share: share, recipient: recipient.publicKey)
        return try AgeKeySchedule.unwrap(stanza.body, with: key)
    }
}
