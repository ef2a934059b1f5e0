/// Most-significant-bit-first reader over a byte buffer, for the Gorilla float stream.
///
/// Keeps up to 63 unread bits left-aligned in `cache` and refills a whole big-endian word at a time
/// (the "branchless refill" of Giesen's bit reader series): after a refill at least 56 bits are
/// available unless the buffer is nearly used up, so most reads are a shift and a subtract.
/// It never reads outside the buffer; callers check `available` (via `ensure`) before each `read`.
struct BitReader {
    private let bytes: UnsafeRawBufferPointer
    /// Next byte not yet in `cache`.
    private var position = 0
    /// Unread bits, left-aligned; bits below the top `available` ones are either zero or the
    /// stream's true following bits, so OR-ing a reloaded word over them is harmless.
    private var cache: UInt64 = 0
    /// How many of `cache`'s top bits are unread stream bits (0...63 after a refill).
    private(set) var available = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Whole bytes the stream has consumed so far, counting a partly read byte as consumed.
    var bytesConsumed: Int { (position * 8 - available + 7) / 8 }

    /// Makes at least `bits` (at most 56) bits available; false when the buffer has fewer left.
    @inline(__always)
    mutating func ensure(_ bits: Int) -> Bool {
        if available >= bits { return true }
        refill()
        return available >= bits
    }

    @inline(__always)
    private mutating func refill() {
        if position + 8 <= bytes.count {
            cache |= bytes.bigEndianWord(at: position) >> UInt64(available)
            position += (63 - available) >> 3
            available |= 56  // equals available + 8 * bytes taken, see Giesen
        } else {
            while available <= 56 && position < bytes.count {
                cache |= UInt64(bytes[position]) << UInt64(56 - available)
                position += 1
                available += 8
            }
        }
    }

    /// Takes `bits` (1...56) bits; `ensure(bits)` must have returned true.
    @inline(__always)
    mutating func read(_ bits: Int) -> UInt64 {
        let value = cache >> UInt64(64 - bits)
        cache <<= UInt64(bits)
        available -= bits
        return value
    }

    /// Takes one bit; `ensure(1)` must have returned true.
    @inline(__always)
    mutating func readBit() -> Bool {
        let bit = cache >> 63 != 0
        cache <<= 1
        available -= 1
        return bit
    }
}
