import Crypto

/// An age X25519 recipient, `age1…`: the public key a file is encrypted to. Public, so it may be
/// logged and written into an archive's plaintext marker.
public struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    static let hrp = "age"
    /// The X25519 public key, 32 bytes.
    public let publicKey: [UInt8]

    /// Parses `age1…` (lower case, as age writes it); `source` names where it came from in errors.
    public init(parsing text: String, source: String) throws(AgeError) {
        let decoded: (hrp: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(text)
        } catch {
            throw .malformedKey(source: source, problem: "not an age recipient (age1…): \(error)")
        }
        guard decoded.hrp == Self.hrp, text.hasPrefix("age1") else {
            throw .malformedKey(source: source, problem: "not an age recipient (expected age1…)")
        }
        guard decoded.data.count == 32 else {
            throw .malformedKey(source: source, problem: "age recipient holds \(decoded.data.count) bytes, not 32")
        }
        publicKey = decoded.data
    }

    /// A recipient from a raw 32-byte X25519 public key.
    public init(publicKey: Curve25519.KeyAgreement.PublicKey) {
        self.publicKey = Array(publicKey.rawRepresentation)
    }

    /// The `age1…` string.
    public var description: String { Bech32.encode(hrp: Self.hrp, data: publicKey) }
}
