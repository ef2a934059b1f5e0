/// One recipient stanza of an age header: `-> type args…`, then the body in base64 lines of 64
/// columns, the last one shorter (empty when the body fills its last line exactly).
struct AgeStanza: Equatable, Sendable {
    /// The stanza's type first (`X25519`, `scrypt`, or one this reader does not know), then its arguments.
    var args: [String]
    var body: [UInt8]

    static let columns = 64
    /// Bytes in one full body line: 64 base64 columns.
    static let bytesPerLine = 48

    var type: String { args.first ?? "" }

    /// The stanza's bytes in the header, canonical (one encoding per stanza, as the MAC needs).
    func encoded() -> [UInt8] {
        var out = Array("-> \(args.joined(separator: " "))\n".utf8)
        let text = AgeBase64.encode(body)
        var i = 0
        while i + Self.columns <= text.count {
            out += text[i..<(i + Self.columns)]
            out.append(0x0A)
            i += Self.columns
        }
        out += text[i...]
        out.append(0x0A)
        return out
    }

    /// An argument is a non-empty string of visible ASCII (age's VCHAR), so one space splits them.
    static func isValidArgument<Text: Collection>(_ arg: Text) -> Bool where Text.Element == UInt8 {
        !arg.isEmpty && arg.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
