import Crypto

/// Who a file is encrypted to: X25519 recipients (one stanza each) or one passphrase (alone, as
/// age requires).
enum AgeFileKeyWrapping: Sendable {
    case recipients([AgeRecipient])
    case passphrase(AgePassphrase, workFactor: Int)

    /// The header's stanzas for `fileKey`.
    func stanzas(for fileKey: SymmetricKey) throws(AgeError) -> [AgeStanza] {
        switch self {
        case let .recipients(recipients):
            guard !recipients.isEmpty else { throw .malformedKey(source: "recipients", problem: "no recipients; give at least one") }
            var stanzas: [AgeStanza] = []
            for recipient in recipients { stanzas.append(try recipient.stanza(wrapping: fileKey)) }
            return stanzas
        case let .passphrase(passphrase, workFactor):
            return [try passphrase.stanza(wrapping: fileKey, workFactor: workFactor)]
        }
    }
}
