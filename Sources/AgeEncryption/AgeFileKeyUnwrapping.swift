import Crypto

/// What opens a file: identities (each tried on every stanza) or a passphrase.
enum AgeFileKeyUnwrapping: Sendable {
    case identities([AgeIdentity])
    case passphrase(AgePassphrase, maxWorkFactor: Int)

    /// The file key of `header`, its MAC checked. Stanzas of types we do not know are skipped
    /// when another one matches, as age does; no match at all is an error.
    func fileKey(for header: AgeHeader, name: String) throws(AgeError) -> SymmetricKey {
        if header.stanzas.contains(where: { $0.type == AgePassphrase.stanzaType }) && header.stanzas.count != 1 {
            throw .scryptNotAlone(name: name)
        }
        guard let key = try find(in: header.stanzas, name: name) else {
            if case .passphrase = self, header.stanzas.first?.type == AgePassphrase.stanzaType {
                throw .incorrectPassphrase(name: name)
            }
            throw .noIdentityMatches(name: name)
        }
        guard header.isAuthentic(fileKey: key) else { throw .badHeaderMAC(name: name) }
        return key
    }

    private func find(in stanzas: [AgeStanza], name: String) throws(AgeError) -> SymmetricKey? {
        switch self {
        case let .identities(identities):
            for identity in identities {
                for stanza in stanzas {
                    if let key = try identity.fileKey(from: stanza, name: name) { return key }
                }
            }
        case let .passphrase(passphrase, maxWorkFactor):
            for stanza in stanzas {
                if let key = try passphrase.fileKey(from: stanza, maxWorkFactor: maxWorkFactor, name: name) { return key }
            }
        }
        return nil
    }
}
