import Crypto

/// An age X25519 identity, `AGE-SECRET-KEY-1…`: the secret key that decrypts files encrypted to
/// its recipient. Its `description` shows only the recipient, so an identity that reaches a log
/// or an error by mistake leaks nothing.
public struct AgeIdentity: Sendable, CustomStringConvertible {
    static let hrp = "age-secret-key-"
    /// The raw X25519 scalar; swift-crypto's key type is not Sendable, so it is made when used.
    private let scalar: [UInt8]
    /// The public half, the recipient files are encrypted to.
    public let recipient: AgeRecipient

    /// Parses `AGE-SECRET-KEY-1…` (upper case, as age-keygen writes it). Errors never quote it.
    public init(parsing text: String, source: String) throws(AgeError) {
        let decoded: (hrp: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(text)
        } catch {
            throw .malformedKey(source: source, problem: "not an age identity (AGE-SECRET-KEY-1…): \(error)")
        }
        guard decoded.hrp == Self.hrp, text.hasPrefix("AGE-SECRET-KEY-1") else {
            throw .malformedKey(source: source, problem: "not an age identity (expected AGE-SECRET-KEY-1…)")
        }
        guard decoded.data.count == 32, let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: decoded.data) else {
            throw .malformedKey(source: source, problem: "age identity holds \(decoded.data.count) bytes, not 32")
        }
        self.init(privateKey: key)
    }

    init(privateKey: Curve25519.KeyAgreement.PrivateKey) {
        scalar = Array(privateKey.rawRepresentation)
        recipient = AgeRecipient(publicKey: privateKey.publicKey)
    }

    /// A new random identity (as `age-keygen` makes).
    public static func generate() -> AgeIdentity { AgeIdentity(privateKey: Curve25519.KeyAgreement.PrivateKey()) }

    /// The secret `AGE-SECRET-KEY-1…` string, for writing a key file. Never log it.
    public func secretKeyString() -> String {
        Bech32.encode(hrp: Self.hrp, data: scalar).uppercased()
    }

    /// The key for an X25519 agreement; the scalar was checked when the identity was made.
    func privateKey() throws(AgeError) -> Curve25519.KeyAgreement.PrivateKey {
        do { return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: scalar) } catch {
            throw .crypto(name: "identity", operation: "loading an X25519 key")
        }
    }

    public var description: String { "age identity for \(recipient)" }
}
