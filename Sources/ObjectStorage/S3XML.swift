import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An element of an S3 XML answer (ListObjectsV2, multipart, errors), parsed by Foundation's
/// `XMLParser`; namespaces are dropped, since S3's answers use one default namespace.
struct S3XML: Sendable {
    var name: String
    var text = ""
    var children: [S3XML] = []

    /// Parses a whole answer; nil when it is not well-formed XML.
    static func parse(_ bytes: [UInt8]) -> S3XML? {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    /// The first child named `name`.
    func child(_ name: String) -> S3XML? { children.first { $0.name == name } }

    /// Every child named `name`.
    func all(_ name: String) -> [S3XML] { children.filter { $0.name == name } }

    /// The text of the first child named `name` (nil when there is none).
    subscript(_ name: String) -> String? { child(name)?.text }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [S3XML] = []
        var root: S3XML?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            stack.append(S3XML(name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard let done = stack.popLast() else { return }
            if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
        }
    }
}
