import Crypto
import Foundation
import _CryptoExtras

/// A passphrase, age's scrypt recipient: `-> scrypt <salt> <log2 N>`, the file key sealed under
/// scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N, r: 8, p: 1). age requires the
/// scrypt stanza to be the header's only one, so a passphrase never mixes with recipients.
public struct AgePassphrase: Sendable, CustomStringConvertible {
    static let stanzaType = "scrypt"
    static let label = Array("age-encryption.org/v1/scrypt".utf8)
    /// age's default for new files: 2^18 rounds, 256 MiB and about a second.
    public static let defaultWorkFactor = 18
    /// age's limit when decrypting (2^22 rounds, 4 GiB): a header cannot make us spend more.
    public static let defaultMaxWorkFactor = 22

    let bytes: [UInt8]

    /// Refuses an empty passphrase.
    public init(_ passphrase: String) throws(AgeError) {
        guard !passphrase.isEmpty else { throw .invalidPassphrase(problem: "empty; give a passphrase") }
        bytes = Array(passphrase.utf8)
    }

    public var description: String { "age passphrase" }

    func stanza(wrapping fileKey: SymmetricKey, workFactor: Int) throws(AgeError) -> AgeStanza {
        guard (1...30).contains(workFactor) else {
            throw .invalidPassphrase(problem: "scrypt work factor \(workFactor) is outside 1…30")
        }
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = rng.next() }
        let key = try derive(salt: salt, workFactor: workFactor, name: "passphrase")
        return AgeStanza(
            args: [Self.stanzaType, AgeBase64.encodeString(salt), String(workFactor)], body: try AgeKeySchedule.wrap(fileKey, with: key))
    }

    /// The file key from a scrypt stanza; nil for another type or another passphrase.
    func fileKey(from stanza: AgeStanza, maxWorkFactor: Int, name: String) throws(AgeError) -> SymmetricKey? {
        guard stanza.type == Self.stanzaType else { return nil }
        guard stanza.args.count == 3, let salt = AgeBase64.decode(stanza.args[1].utf8), salt.count == 16 else {
            throw .malformedHeader(name: name, problem: "invalid scrypt stanza (its salt is not 16 bytes)")
        }
        let factorText = stanza.args[2]
        // Decimal without a leading zero, as age's regex ^[1-9][0-9]*$; short, so Int cannot overflow.
        guard factorText.count <= 9, factorText.first != "0", factorText.allSatisfy({ ("0"..."9").contains($0) }),
            let factor = Int(factorText), factor > 0
        else { throw .malformedHeader(name: name, problem: "invalid scrypt stanza (its work factor is not a positive decimal)") }
        guard factor <= maxWorkFactor else { throw .workFactorTooLarge(name: name, workFactor: factor, limit: maxWorkFactor) }
        guard stanza.body.count == AgeKeySchedule.fileKeySize + 16 else {
            throw .malformedHeader(name: name, problem: "invalid scrypt stanza (its body is not 32 bytes)")
        }
        return try AgeKeySchedule.unwrap(stanza.body, with: derive(salt: salt, workFactor: factor, name: name))
    }

    private func derive(salt: [UInt8], workFactor: Int, name: String) throws(AgeError) -> SymmetricKey {
        do {
            return try KDF.Scrypt.deriveKey(
                from: bytes, salt: Self.label + salt, outputByteCount: 32, rounds: 1 << workFactor, blockSize: 8, parallelism: 1)
        } catch {
            throw .crypto(name: name, operation: "scrypt with work factor \(workFactor)")
        }
    }
}
