/// The framed stream of `dump --output -` (formats/archive-format.md §Stream):
///
///     stream  = magic version *record
///     magic   = "INFXDUMP"                       8 bytes
///     version = uint32 big-endian                the archive format version
///     record  = kind length payload
///     kind    = 'H' / 'S' / 'E'                  1 byte: header, segment, end
///     length  = uint64 big-endian                payload length
///     'H'     = manifest JSON (complete=false, no segments): schema and parameters
///     'S'     = uint32 BE metaLength, segment JSON (metaLength bytes), segment file bytes
///     'E'     = manifest JSON (complete=true) listing every segment sent
public enum StreamFormat {
    public static let magic: [UInt8] = Array("INFXDUMP".utf8)
    public static let header: UInt8 = 0x48
    public static let segment: UInt8 = 0x53
    public static let end: UInt8 = 0x45
    /// A record larger than this is refused: no dump writes one (segments are capped far below).
    public static let maxRecord: UInt64 = 1 << 31

    static func appendUInt(_ value: UInt64, bytes: Int, to out: inout [UInt8]) {
        for i in stride(from: bytes - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    public static func preamble() -> [UInt8] {
        var out = magic
        appendUInt(UInt64(Manifest.currentVersion), bytes: 4, to: &out)
        return out
    }

    public static func recordHeader(kind: UInt8, length: Int) -> [UInt8] {
        var out = [kind]
        appendUInt(UInt64(length), bytes: 8, to: &out)
        return out
    }
}
