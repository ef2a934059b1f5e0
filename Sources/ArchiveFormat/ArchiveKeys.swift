import AgeEncryption

/// The age keys a store is opened with: recipients to encrypt what is written (public keys, fine
/// to show), identities to decrypt what is read (secrets: never formatted into a message, a log
/// or a manifest; `AgeIdentity`'s description shows only its recipient).
public struct ArchiveKeys: Sendable {
    public var recipients: [AgeRecipient]
    public var identities: [AgeIdentity]

    public init(recipients: [AgeRecipient] = [], identities: [AgeIdentity] = []) {
        self.recipients = recipients
        self.identities = identities
    }

    public static let none = ArchiveKeys()

    /// Writes are encrypted.
    public var encrypts: Bool { !recipients.isEmpty }
}
