/// Strict parsing, as age parses: canonical base64, full 64-column body lines but the last, one
/// space between arguments, LF line ends. A header has one encoding, so its bytes are the MAC input.
extension AgeHeader {
    /// Parses a whole header, `bytes` ending with the `---` line's LF; `name` names the file in errors.
    static func parse(_ bytes: ArraySlice<UInt8>, name: String) throws(AgeError) -> AgeHeader {
        guard bytes.starts(with: intro) else { throw .notAgeFile(name: name) }
        let lines = bytes.dropFirst(intro.count).split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        var stanzas: [AgeStanza] = []
        var index = lines.startIndex
        func malformed(_ at: Int, _ problem: String) -> AgeError {
            .malformedHeader(name: name, problem: "line \(at - lines.startIndex + 2): \(problem)")
        }
        while index < lines.endIndex {
            let line = lines[index]
            if line.starts(with: footerPrefix) {
                guard index == lines.endIndex - 1 else { throw malformed(index, "lines after the mac line") }
                let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].elementsEqual(footerPrefix), let mac = AgeBase64.decode(parts[1]), mac.count == macSize
                else { throw malformed(index, "malformed mac line") }
                let macEnd = bytes.startIndex + bytes.count - line.count - 1 + footerPrefix.count
                return AgeHeader(stanzas: stanzas, mac: mac, macInput: Array(bytes[bytes.startIndex..<macEnd]))
            }
            guard line.starts(with: Array("-> ".utf8)) else { throw malformed(index, "expected a stanza (-> …) or the mac line (--- …)") }
            let parts = line.dropFirst(3).split(separator: 0x20, omittingEmptySubsequences: false)
            guard parts.allSatisfy({ AgeStanza.isValidArgument($0) }) else { throw malformed(index, "malformed stanza line") }
            var body: [UInt8] = []
            let stanzaLine = index
            while true {
                index += 1
                guard index < lines.endIndex - 1 else { throw malformed(stanzaLine, "stanza body does not end with a short line") }
                guard let piece = AgeBase64.decode(lines[index]) else { throw malformed(index, "stanza body is not canonical base64") }
                guard piece.count <= AgeStanza.bytesPerLine else { throw malformed(index, "stanza body line longer than 64 columns") }
                body += piece
                if piece.count < AgeStanza.bytesPerLine { break }
            }
            index += 1
            stanzas.append(AgeStanza(args: parts.map { String(decoding: $0, as: UTF8.self) }, body: body))
        }
        throw .malformedHeader(name: name, problem: "no mac line")
    }
}
