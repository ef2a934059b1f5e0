/// Bech32 (BIP-173), the text encoding of age's keys.
///
/// age differs from BIP-173 in one way: it accepts strings of any length (BIP-173 caps them at
/// 90 characters), so `decode` takes the cap as a parameter and age's callers pass none.
public enum Bech32 {
    /// Why a string is not Bech32. Descriptions name the rule, never the string (it may be a key).
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case mixedCase
        case tooLong(limit: Int)
        case separatorPosition
        case invalidPrefixCharacter
        case invalidDataCharacter
        case invalidChecksum
        case invalidPadding

        public var description: String {
            switch self {
            case .mixedCase: return "mixes upper and lower case"
            case let .tooLong(limit): return "longer than \(limit) characters"
            case .separatorPosition: return "no separator '1' before a 6-character checksum"
            case .invalidPrefixCharacter: return "invalid character in the human-readable part"
            case .invalidDataCharacter: return "invalid character in the data part"
            case .invalidChecksum: return "invalid checksum"
            case .invalidPadding: return "invalid padding in the data part"
            }
        }
    }

    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    /// Encodes `data` (8-bit bytes) under `hrp`, in lower case; age upper-cases identities itself.
    public static func encode(hrp: String, data: [UInt8]) -> String {
        let prefix = Array(hrp.lowercased().utf8)
        let values = convertBits(data, from: 8, to: 5, pad: true) ?? []
        let checksum = makeChecksum(prefix: prefix, values: values)
        var out = prefix
        out.append(UInt8(ascii: "1"))
        for v in values + checksum { out.append(charset[Int(v)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a Bech32 string into its human-readable part (lower case) and its 8-bit data.
    public static func decode(_ string: String, maxLength: Int? = nil) throws(Problem) -> (hrp: String, data: [UInt8]) {
        let bytes = Array(string.utf8)
        if let maxLength, bytes.count > maxLength { throw .tooLong(limit: maxLength) }
        let hasLower = bytes.contains { $0 >= 0x61 && $0 <= 0x7A }
        let hasUpper = bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
        if hasLower && hasUpper { throw .mixedCase }
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        guard let separator = lower.lastIndex(of: UInt8(ascii: "1")), separator >= 1, separator + 7 <= lower.count else {
            throw .separatorPosition
        }
        let prefix = Array(lower[..<separator])
        if prefix.contains(where: { $0 < 33 || $0 > 126 }) { throw .invalidPrefixCharacter }
        var values: [UInt8] = []
        values.reserveCapacity(lower.count - separator - 1)
        for c in lower[(separator + 1)...] {
            guard let v = charset.firstIndex(of: c) else { throw .invalidDataCharacter }
            values.append(UInt8(v))
        }
        guard polymod(expand(prefix) + values) == 1 else { throw .invalidChecksum }
        guard let data = convertBits(Array(values.dropLast(6)), from: 5, to: 8, pad: false) else { throw .invalidPadding }
        return (String(decoding: prefix, as: UTF8.self), data)
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> i) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    private static func expand(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 }
    }

    static func makeChecksum(prefix: [UInt8], values: [UInt8]) -> [UInt8] {
        let mod = polymod(expand(prefix) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { UInt8((mod >> (5 * (5 - UInt32($0)))) & 31) }
    }

    /// Regroups bits (BIP-173's convertbits); nil when unpadded input leaves non-zero or whole groups.
    private static func convertBits(_ data: [UInt8], from: UInt32, to: UInt32, pad: Bool) -> [UInt8]? {
        var acc: UInt32 = 0
        var bits: UInt32 = 0
        var out: [UInt8] = []
        let maxValue: UInt32 = (1 << to) - 1
        // Only the bits not yet emitted matter: keep the accumulator to from + to - 1 bits.
        let maxAcc: UInt32 = (1 << (from + to - 1)) - 1
        for value in data {
            acc = ((acc << from) | UInt32(value)) & maxAcc
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxValue)) }
        } else if bits >= from || (acc << (to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }
}
