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

    /// Decimal digits of `value`, via a 20-byte stack buffer.
    @inline(__always) func appendDecimal(_ value: Int64) {
        reserve(20)
        if value < 0 { base[count] = 0x2D; count += 1 }
        var v = value.magnitude
        if v == 0 { base[count] = 0x30; count += 1; return }
        var digits = 0
        var t = v
        while t > 0 { digits += 1; t /= 10 }
        var i = count + digits - 1
        while v > 0 {
            base[i] = UInt8(48 + v % 10)
            v /= 10
            i -= 1
        }
        count += digits
    }

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
