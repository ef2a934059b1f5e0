import XCTest

@testable import ArchiveFormat
@testable import LineProtocol
@testable import Restore

/// `validate` must agree with `parse` on every input: same success, same failure reason and
/// offset, same timestamp. Checked on hand-picked lines and every one-byte mutation of them.
final class LineProtocolValidateTests: XCTestCase {
    static let seeds: [String] = [
        #"cpu,host=a usage=1.5,cores=4i 1700000000000000000"#,
        #"m\ sp,t\,k=v\=x f\ k=1i,s="q\"uote \\ back" -5"#,
        #"strs s="two\nlines",b=TRUE,c=f 9223372036854775806"#,
        #"m f=-9223372036854775808i,g=1.7976931348623157e308,h=5e-324,z=-0.0"#,
        #"m,a=1,b=2 f=.5,g=5.,h=1E5 0"#,
        #"m f="""#,
        #"m f=1"#,
        "m  f=1   42",
        #"we"ird,tq"=v"q fq\"=1 7"#,
    ]

    func agree(_ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        text.withUnsafeBytes { raw in
            let parsed = Result { () throws(LineProtocolParser.Failure) -> ParsedPoint in try LineProtocolParser.parse(raw) }
            let checked = Result { () throws(LineProtocolParser.Failure) -> (measurement: Range<Int>, time: Int64?) in
                try LineProtocolParser.validate(raw)
            }
            switch (parsed, checked) {
            case let (.success(p), .success(v)):
                XCTAssertEqual(p.time, v.time, "\(String(decoding: text, as: UTF8.self))", file: file, line: line)
                var unescaped: [UInt8] = []
                var i = v.measurement.lowerBound
                while i < v.measurement.upperBound {
                    if raw[i] == 0x5C, i + 1 < v.measurement.upperBound, Escaping.needsEscape(raw[i + 1], .measurement) { i += 1 }
                    unescaped.append(raw[i]); i += 1
                }
                XCTAssertEqual(unescaped, p.measurement, file: file, line: line)
            case let (.failure(a), .failure(b)):
                XCTAssertEqual(a, b, "\(String(decoding: text, as: UTF8.self))", file: file, line: line)
            default:
                XCTFail("parse \(parsed) but validate \(checked) for \(String(decoding: text, as: UTF8.self))", file: file, line: line)
            }
        }
    }

    func testAgreesOnSeeds() {
        for s in Self.seeds { agree(Array(s.utf8)) }
    }

    func testAgreesOnEveryOneByteMutation() {
        let replacements: [UInt8] = Array(",= \"\\ie.-+tTfF0912xE\n".utf8)
        var cases = 0
        for s in Self.seeds {
            let bytes = Array(s.utf8)
            for i in bytes.indices {
                var deleted = bytes
                deleted.remove(at: i)
                agree(deleted)
                for r in replacements where r != bytes[i] {
                    var changed = bytes
                    changed[i] = r
                    agree(changed)
                    cases += 1
                }
            }
        }
        XCTAssertGreaterThan(cases, 5_000)
    }
}

final class PlainDecimalTests: XCTestCase {
    /// The strtod-free path agrees with strtod on every text of up to 6 characters from the
    /// characters a float without exponent can hold.
    func testAgreesWithStrtodOnEveryShortText() {
        let alphabet: [UInt8] = Array("0-.9+".utf8)
        var texts: [[UInt8]] = [[]]
        var checked = 0
        for _ in 1...6 {
            texts = texts.flatMap { t in alphabet.map { t + [$0] } }
            for t in texts where t.first != 0x2B {
                let byStrtod: Bool = t.withUnsafeBufferPointer { buf in
                    var c = buf.map { CChar(bitPattern: $0) } + [0]
                    return c.withUnsafeMutableBufferPointer { p in
                        var end: UnsafeMutablePointer<CChar>? = nil
                        let v = strtod(p.baseAddress!, &end)
                        return end == p.baseAddress! + t.count && v.isFinite
                    }
                }
                let fast = t.withUnsafeBytes { LineProtocolParser.plainDecimal($0) }
                XCTAssertEqual(fast, byStrtod, String(decoding: t, as: UTF8.self))
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
    }
}
