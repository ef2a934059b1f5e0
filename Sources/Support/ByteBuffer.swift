/// A growable byte buffer with one owner and no copy-on-write: appends are a bounds check and a
/// memcpy. The encoder's hot loop writes every point through one of these.
package final class ByteBuffer {
    package private(set) var base: UnsafeMutablePointer<UInt8>
    package private(set) var count = 0
    package private(set) var capacity: Int
    /// The shared digit tables, held per buffer so the hot loop does not check a lazy global.
    private let digitPairs = ByteBuffer.digitPairsTable
    private let powersOfTen = ByteBuffer.powersOfTenTable

    package init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always) func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let n = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        n.update(from: base, count: count)
        base.deallocate()
        base = n
        capacity = c
    }

    @inline(__always) package func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) package func append(_ p: UnsafeRawBufferPointer) {
        guard let src = p.baseAddress else { return }
        reserve(p.count)
        count = Self.put(src, p.count, at: base + count) - base
    }

    /// Writes at most `maxBytes` straight after the content: `body` gets the first free byte
    /// and returns the byte after the last one it wrote. One capacity check and one update of
    /// `count` for a whole run of small writes.
    @inline(__always) package func write(upTo maxBytes: Int, _ body: (UnsafeMutablePointer<UInt8>) throws -> UnsafeMutablePointer<UInt8>)
        rethrows
    {
        reserve(maxBytes)
        count = try body(base + count) - base
    }

    /// Copies `n` bytes to `p`, returns `p + n`. Field keys, series prefixes and number texts
    /// are mostly 4–16 bytes: those take two overlapping loads and stores, not a memmove call.
    @inline(__always) package static func put(_ src: UnsafeRawPointer, _ n: Int, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<
        UInt8
    > {
        let dst = UnsafeMutableRawPointer(p)
        switch n {
        case 8...16:
            dst.storeBytes(of: src.loadUnaligned(as: UInt64.self), as: UInt64.self)
            (dst + (n - 8)).storeBytes(of: (src + (n - 8)).loadUnaligned(as: UInt64.self), as: UInt64.self)
        case 4..<8:
            dst.storeBytes(of: src.loadUnaligned(as: UInt32.self), as: UInt32.self)
            (dst + (n - 4)).storeBytes(of: (src + (n - 4)).loadUnaligned(as: UInt32.self), as: UInt32.self)
        case 0..<4:
            for i in 0..<n { dst.storeBytes(of: src.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        default:
            dst.copyMemory(from: src, byteCount: n)
        }
        return p + n
    }

    package func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    package func removeAll() { count = 0 }

    /// Decimal digits of `value` (integers and the 19-digit timestamps are a large part of
    /// every point the encoder writes).
    @inline(__always) func appendDecimal(_ value: Int64) {
        write(upTo: Self.maxDecimalBytes) { putDecimal(value, at: $0) }
    }

    /// "-9223372036854775808"
    package static let maxDecimalBytes = 20

    /// Writes the decimal digits of `value` at `p` (at most `maxDecimalBytes`), returns the end.
    @inline(__always) package func putDecimal(_ value: Int64, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = start
        if value < 0 { p[0] = 0x2D; p += 1 }
        let v = value.magnitude
        let end = p + decimalDigits(v)
        writeDigits(v, ending: end)
        return end
    }

    /// Shortest round-trip decimal of a finite `Double`, exactly as `value.description` spells
    /// it (`2.0`, `-0.0`, `1e-05`). `Double.write(to:)` hands its ASCII to `_writeASCII`
    /// below, so no `String` is made (a third faster than `description`, measured).
    @inline(__always) package func appendShortest(_ value: Double) {
        var stream = TextStream(buffer: Unmanaged.passUnretained(self))
        value.write(to: &stream)
    }

    /// Number of decimal digits of `v` (1 for 0).
    @inline(__always) func decimalDigits(_ v: UInt64) -> Int {
        // floor(log10(2^bits)) via 1233/4096 ≈ log10(2), then one correction against the table.
        let guess = ((64 - (v | 1).leadingZeroBitCount) &* 1233) >> 12
        return v < powersOfTen[guess] ? max(guess, 1) : guess &+ 1
    }

    /// Writes the digits of `v` backwards so that the last one lands just before `end`: eight
    /// digits at a time in 32-bit arithmetic (two independent halves of four), then pairs.
    @inline(__always) func writeDigits(_ value: UInt64, ending end: UnsafeMutablePointer<UInt8>) {
        var v = value
        var p = end
        while v >= 100_000_000 {
            let eight = UInt32(truncatingIfNeeded: v % 100_000_000)
            v /= 100_000_000
            let high = eight / 10_000, low = eight % 10_000
            writePair(high / 100, at: p - 8)
            writePair(high % 100, at: p - 6)
            writePair(low / 100, at: p - 4)
            writePair(low % 100, at: p - 2)
            p -= 8
        }
        var w = UInt32(truncatingIfNeeded: v)
        while w >= 100 {
            writePair(w % 100, at: p - 2)
            w /= 100
            p -= 2
        }
        if w >= 10 { writePair(w, at: p - 2) } else { p[-1] = 0x30 &+ UInt8(truncatingIfNeeded: w) }
    }

    @inline(__always) private func writePair(_ pair: UInt32, at p: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(p).storeBytes(
            of: UnsafeRawPointer(digitPairs + Int(pair) &* 2).loadUnaligned(as: UInt16.self), as: UInt16.self)
    }

    // The two tables below are filled once and only read afterwards.

    /// 10^0 … 10^19, the powers an UInt64 can hold.
    nonisolated(unsafe) private static let powersOfTenTable: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 20)
        var x: UInt64 = 1
        for i in 0..<20 { p[i] = x; if i < 19 { x *= 10 } }
        return UnsafePointer(p)
    }()

    /// "00" "01" … "99" back to back.
    nonisolated(unsafe) private static let digitPairsTable: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 200)
        for i in 0..<100 { p[2 * i] = 0x30 + UInt8(i / 10); p[2 * i + 1] = 0x30 + UInt8(i % 10) }
        return UnsafePointer(p)
    }()

    /// A string field value with its quotes: `\` → `\\`, `"` → `\"`, every other byte raw.
    /// Runs without either character (the common case) are copied whole.
    package func appendQuotedString(_ s: UnsafeRawBufferPointer) {
        reserve(s.count + 2)
        base[count] = 0x22
        count += 1
        var runStart = 0
        for i in 0..<s.count where s[i] == 0x5C || s[i] == 0x22 {
            append(UnsafeRawBufferPointer(rebasing: s[runStart..<i]))
            append(0x5C)
            runStart = i
        }
        append(UnsafeRawBufferPointer(rebasing: s[runStart..<s.count]))
        append(0x22)
    }
}

/// Lets the standard library's number formatters write into a `ByteBuffer` without reference
/// counting: it lives only inside `appendShortest`, while the buffer is in use.
private struct TextStream: TextOutputStream {
    let buffer: Unmanaged<ByteBuffer>

    func write(_ string: String) {
        var string = string
        string.withUTF8 { text in buffer._withUnsafeGuaranteedRef { $0.append(UnsafeRawBufferPointer(text)) } }
    }

    /// What the formatters call: the text without a `String`. (Were it ever not called,
    /// `write(_:)` gives the same bytes, only slower.)
    func _writeASCII(_ text: UnsafeBufferPointer<UInt8>) {
        buffer._withUnsafeGuaranteedRef { $0.append(UnsafeRawBufferPointer(text)) }
    }
}
