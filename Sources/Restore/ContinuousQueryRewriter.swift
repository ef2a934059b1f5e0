import ArchiveFormat
import InfluxAPI
import LineProtocol

/// Renames databases in a continuous query's text, as `SHOW CONTINUOUS QUERIES` prints it:
/// `CREATE CONTINUOUS QUERY "cq" ON db [RESAMPLE …] BEGIN SELECT … INTO db.rp.m FROM db.rp.m … END`.
///
/// The server stores CQs with every source and target fully qualified, so a CQ restored under
/// another database name would keep reading and writing the old database unless its body is
/// rewritten too. This walks the text with an InfluxQL lexer (quoted identifiers, strings,
/// regexes) and renames the `ON` database and the database part of every three-part name
/// (`db.rp.m`, `db..m`) after `INTO` or `FROM`. Two- and one-part names follow the `ON`
/// database and need nothing. Text it cannot lex is refused, never passed on half-understood.
enum ContinuousQueryRewriter {
    struct Failure: Error, Equatable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    struct Result: Equatable {
        var query: String
        /// Databases the text names that `map` does not rename (kept as written).
        var unmapped: [String]
    }

    private enum Kind: Equatable { case word, quoted, string, regex, number, punct, space }

    private struct Token {
        var kind: Kind
        var text: String
        /// The identifier's name: unquoted and unescaped for `quoted`, the text for `word`.
        var name: String
    }

    /// Renames through `map` (source database → target); names not in it are kept.
    static func rewrite(_ query: String, map: [String: String]) throws(Failure) -> Result {
        var tokens = try lex(query)
        let significant = tokens.indices.filter { tokens[$0].kind != .space }
        func word(_ i: Int, _ w: String) -> Bool {
            i < significant.count && tokens[significant[i]].kind == .word && tokens[significant[i]].text.uppercased() == w
        }
        guard word(0, "CREATE"), word(1, "CONTINUOUS"), word(2, "QUERY"), word(4, "ON"), significant.count > 5,
            [.word, .quoted].contains(tokens[significant[5]].kind)
        else {
            throw Failure(reason: "not of the form CREATE CONTINUOUS QUERY name ON database …")
        }
        var unmapped: [String] = []
        func rename(_ index: Int) {
            let name = tokens[index].name
            if let target = map[name] {
                tokens[index].text = InfluxQL.identifier(target)
            } else if !unmapped.contains(name) {
                unmapped.append(name)
            }
        }
        rename(significant[5])
        var i = 6
        while i < significant.count {
            let isInto = word(i, "INTO")
            guard isInto || word(i, "FROM") else { i += 1; continue }
            i += 1
            // One source, or a FROM list: part ('.' part?){0,2} (',' …)*.
            while i < significant.count {
                var parts: [Int?] = []  // token index of each part; nil for the empty middle of `db..m`
                var expectPart = true
                while i < significant.count {
                    let t = tokens[significant[i]]
                    if expectPart {
                        if [.word, .quoted, .regex].contains(t.kind) { parts.append(significant[i]); expectPart = false; i += 1; continue }
                        if t.kind == .punct && t.text == ":" && i + 1 < significant.count {  // :MEASUREMENT
                            parts.append(nil); expectPart = false; i += 2; continue
                        }
                        if t.kind == .punct && t.text == "." && !parts.isEmpty { parts.append(nil); i += 1; continue }
                        break
                    }
                    if t.kind == .punct && t.text == "." { expectPart = true; i += 1; continue }
                    break
                }
                if parts.count == 3, let db = parts[0] {
                    guard tokens[db].kind != .regex else { throw Failure(reason: "a regular expression in a database position") }
                    rename(db)
                } else if parts.count > 3 {
                    throw Failure(reason: "a name with more than three parts")
                }
                guard !isInto, i < significant.count, tokens[significant[i]].text == "," else { break }
                i += 1
            }
        }
        return Result(query: tokens.map(\.text).joined(), unmapped: unmapped)
    }

    /// InfluxQL tokens, enough to find names: a `/` starts a regex where a source or a regex
    /// operand is expected (after FROM, `,`, `.`, `=~`, `!~`) and is a division elsewhere.
    private static func lex(_ text: String) throws(Failure) -> [Token] {
        let s = Array(text.unicodeScalars)
        var out: [Token] = []
        var i = 0
        func isWordStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isWord(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || ("0"..."9").contains(c) }
        func lastSignificant() -> Token? { out.last { $0.kind != .space } }
        while i < s.count {
            let c = s[i]
            let start = i
            var kind = Kind.punct
            var name = ""
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 }
                kind = .space
            } else if c == "\"" || c == "'" {
                i += 1
                var closed = false
                while i < s.count {
                    if s[i] == "\\", i + 1 < s.count { name.unicodeScalars.append(s[i + 1]); i += 2; continue }
                    if s[i] == c { closed = true; i += 1; break }
                    name.unicodeScalars.append(s[i]); i += 1
                }
                guard closed else { throw Failure(reason: "unterminated \(c == "'" ? "string" : "quoted identifier")") }
                kind = c == "'" ? .string : .quoted
            } else if c == "/", let prev = lastSignificant(),
                (prev.kind == .word && prev.text.uppercased() == "FROM") || [",", ".", "=~", "!~"].contains(prev.text)
            {
                i += 1
                var closed = false
                while i < s.count {
                    if s[i] == "\\", i + 1 < s.count { i += 2; continue }
                    if s[i] == "/" { closed = true; i += 1; break }
                    i += 1
                }
                guard closed else { throw Failure(reason: "unterminated regular expression") }
                kind = .regex
            } else if isWordStart(c) {
                while i < s.count, isWord(s[i]) { i += 1 }
                kind = .word
            } else if ("0"..."9").contains(c) {
                while i < s.count, isWord(s[i]) || s[i] == "." { i += 1 }
                kind = .number
            } else if (c == "=" || c == "!"), i + 1 < s.count, s[i + 1] == "~" {
                i += 2
            } else {
                i += 1
            }
            let token = String(String.UnicodeScalarView(s[start..<i]))
            if kind == .word { name = token }
            out.append(Token(kind: kind, text: token, name: name))
        }
        return out
    }
}
