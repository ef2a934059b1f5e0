/// A growable byte buffer with one owner and no copy-on-write: appends are a bounds check and a
/// memcpy. The encoder's hot loop writes every point through one of these.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

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

    @inline(__always) func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) func append(_ p: UnsafeRawBufferPointer) {
        guard let src = p.baseAddress, p.count > 0 else { return }
        reserve(p.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: p.count)
        count += p.count
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    func append(_ other: ByteBuffer, _ range: Range<Int>) {
        // Growing would free the bytes being copied.
        precondition(other !== self, "ByteBuffer cannot append a range of itself")
        append(UnsafeRawBufferPointer(start: other.base + range.lowerBound, count: range.count))
    }

    func removeAll() { count = 0 }

    func truncate(to n: Int) { count = min(count, n) }

    /// Decimal digits of `value`, two at a time from a table (integers and the 19-digit
    /// timestamps are a large part of every point the encoder writes).
    @inline(__always) func appendDecimal(_ value: Int64) {
        reserve(20)
        if value < 0 { base[count] = 0x2D; count += 1 }
        let v = value.magnitude
        let digits = Self.decimalDigits(v)
        Self.writeDigits(v, ending: base + count + digits)
        count += digits
    }

    /// Shortest round-trip decimal of a finite `Double`, exactly as `value.description` spells
    /// it (`2.0`, `-0.0`, `1e-05`). `Double.write(to:)` hands its ASCII to `_writeASCII`
    /// below, so no `String` is made (a third faster than `description`, measured).
    @inline(__always) func appendShortest(_ value: Double) {
        var stream = self
        value.write(to: &stream)
    }

    /// Number of decimal digits of `v` (1 for 0).
    @inline(__always) static func decimalDigits(_ v: UInt64) -> Int {
        // floor(log10(2^bits)) via 1233/4096 ≈ log10(2), then one correction against the table.
        let guess = ((64 - (v | 1).leadingZeroBitCount) &* 1233) >> 12
        return v < powersOfTen[guess] ? max(guess, 1) : guess &+ 1
    }

    /// Writes the digits of `v` backwards so that the last one lands just before `end`.
    @inline(__always) static func writeDigits(_ value: UInt64, ending end: UnsafeMutablePointer<UInt8>) {
        var v = value
        var p = end
        while v >= 100 {
            let pair = Int(truncatingIfNeeded: v % 100) &* 2
            v /= 100
            p -= 2
            p[0] = digitPairs[pair]
            p[1] = digitPairs[pair &+ 1]
        }
        if v >= 10 {
            let pair = Int(truncatingIfNeeded: v) &* 2
            p[-2] = digitPairs[pair]
            p[-1] = digitPairs[pair &+ 1]
        } else {
            p[-1] = 0x30 &+ UInt8(truncatingIfNeeded: v)
        }
    }

    // The two tables below are filled once and only read afterwards.

    /// 10^0 … 10^19, the powers an UInt64 can hold.
    nonisolated(unsafe) private static let powersOfTen: UnsafeMutablePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 20)
        var x: UInt64 = 1
        for i in 0..<20 { p[i] = x; if i < 19 { x *= 10 } }
        return p
    }()

    /// "00" "01" … "99" back to back.
    nonisolated(unsafe) private static let digitPairs: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 200)
        for i in 0..<100 { p[2 * i] = 0x30 + UInt8(i / 10); p[2 * i + 1] = 0x30 + UInt8(i % 10) }
        return p
    }()

    /// A string field value with its quotes: `\` → `\\`, `"` → `\"`, every other byte raw.
    /// Runs without either character (the common case) are copied whole.
    func appendQuotedString(_ s: UnsafeRawBufferPointer) {
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


extension ByteBuffer: TextOutputStream {
    func write(_ string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// What the standard library's number formatters call: the text without a `String`.
    /// (Were it ever not called, `write(_:)` gives the same bytes, only slower.)
    func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { append(UnsafeRawBufferPointer(buffer)) }
}
