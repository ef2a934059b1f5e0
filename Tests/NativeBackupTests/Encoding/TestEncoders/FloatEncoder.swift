/// Test-only Gorilla float encoder, written from `tsm1/float.go`'s description, quirks included:
/// the leading-zero count is masked with `& 0x1F` (so 33 leading zeros are written as 1), and the
/// stream ends with Go's `math.NaN()` bits as a marker, which is why NaN values are refused.
enum FloatEncoder {
    static let endMarker: UInt64 = 0x7FF8_0000_0000_0001

    /// Nil for input containing any NaN, as Go's encoder returns "unsupported value: NaN".
    /// `allowNaN` refuses only the marker's own bits, to build streams Go could not write but whose
    /// other NaN payloads a decoder must still pass through unchanged.
    static func encode(_ values: [Double], allowNaN: Bool = false) -> [UInt8]? {
        if allowNaN {
            guard !values.contains(where: { $0.bitPattern == endMarker }) else { return nil }
        } else {
            guard !values.contains(where: \.isNaN) else { return nil }
        }
        var writer = BitWriter()
        var previous: UInt64 = 0
        var leading = UInt64.max  // "no window yet"
        var trailing: UInt64 = 0
        var first = true
        for bits in values.map(\.bitPattern) + [endMarker] {
            if first {
                writer.write(bits, bits: 64)
                first = false
                previous = bits
                continue
            }
            let delta = bits ^ previous
            if delta == 0 {
                writer.writeBit(false)
            } else {
                writer.writeBit(true)
                let lead = UInt64(delta.leadingZeroBitCount) & 0x1F
                let trail = UInt64(delta.trailingZeroBitCount)
                if leading != UInt64.max && lead >= leading && trail >= trailing {
                    writer.writeBit(false)
                    writer.write(delta >> trailing, bits: 64 - Int(leading) - Int(trailing))
                } else {
                    leading = lead
                    trailing = trail
                    writer.writeBit(true)
                    writer.write(lead, bits: 5)
                    let significant = 64 - lead - trail
                    writer.write(significant, bits: 6)  // 64 wraps to 0 in six bits, as in Go
                    writer.write(delta >> trail, bits: Int(significant))
                }
            }
            previous = bits
        }
        return [0x10] + writer.bytes
    }
}
