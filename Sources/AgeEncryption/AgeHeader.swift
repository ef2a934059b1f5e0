import Crypto

/// The header of an age v1 file (age-encryption.org/v1): the version line, one stanza per
/// recipient, and the `---` line with the HMAC-SHA-256 of everything before it.
struct AgeHeader: Sendable {
    static let intro = Array("age-encryption.org/v1\n".utf8)
    static let footerPrefix = Array("---".utf8)
    static let macSize = 32

    var stanzas: [AgeStanza]
    var mac: [UInt8]
    /// The header's bytes up to and including `---`: what the MAC authenticates.
    var macInput: [UInt8]

    /// The whole header for `stanzas`, its MAC keyed by `fileKey`.
    static func encode(stanzas: [AgeStanza], fileKey: SymmetricKey) -> [UInt8] {
        var out = intro
        for stanza in stanzas { out += stanza.encoded() }
        out += footerPrefix
        let mac = HMAC<SHA256>.authenticationCode(for: out, using: AgeKeySchedule.headerKey(fileKey))
        out += Array(" ".utf8) + AgeBase64.encode(Array(mac)) + [0x0A]
        return out
    }

    /// Whether the MAC matches `fileKey` (in constant time).
    func isAuthentic(fileKey: SymmetricKey) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: macInput, using: AgeKeySchedule.headerKey(fileKey))
    }
}
