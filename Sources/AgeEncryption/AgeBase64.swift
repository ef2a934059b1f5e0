/// The base64 of age headers: the standard alphabet, no padding, and strict (canonical) decoding,
/// so that each header has exactly one encoding and its MAC cannot be kept by re-encoding it.
enum AgeBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// 0xFF marks a byte outside the alphabet (padding, CR and LF included).
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    static func encode<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count * 4 + 2) / 3)
        var i = 0
        while i < input.count {
            let n = min(3, input.count - i)
            var group: UInt32 = 0
            for k in 0..<3 { group = group << 8 | UInt32(k < n ? input[i + k] : 0) }
            for k in 0...n { out.append(alphabet[Int((group >> (18 - 6 * UInt32(k))) & 63)]) }
            i += 3
        }
        return out
    }

    static func encodeString<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: encode(bytes), as: UTF8.self)
    }

    /// nil unless `text` is canonical unpadded base64: no padding, no line breaks, no stray bits.
    static func decode<Text: Collection>(_ text: Text) -> [UInt8]? where Text.Element == UInt8 {
        let chars = Array(text)
        if chars.count % 4 == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var i = 0
        while i < chars.count {
            let n = min(4, chars.count - i)
            var group: UInt32 = 0
            for k in 0..<4 {
                var v: UInt8 = 0
                if k < n {
                    v = values[Int(chars[i + k])]
                    if v == 0xFF { return nil }
                }
                group = group << 6 | UInt32(v)
            }
            let produced = n - 1
            // The bits below the last whole byte must be zero, else two texts decode alike.
            if n < 4 && group & ((1 << (8 * UInt32(3 - produced))) - 1) != 0 { return nil }
            for k in 0..<produced { out.append(UInt8((group >> (16 - 8 * UInt32(k))) & 0xFF)) }
            i += 4
        }
        return out
    }
}
