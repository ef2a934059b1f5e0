import Foundation

/// Finds point boundaries in a stream of line protocol, the way InfluxDB's parser does:
/// a point ends at a `\n` that is not inside a quoted string field value and not escaped.
/// String values may hold raw line feeds, so splitting on `\n` alone would cut points apart.
///
/// Feed it the stream in pieces of any size; it keeps its state between pieces.
public struct LineProtocolScanner: Sendable {
    private var escaped = false
    private var inFields = false
    private var quoted = false
    private var equals = 0
    private var commas = 0
    private var lineHasContent = false

    public init() {}

    /// True when no point is open (all bytes fed so far ended with a boundary or were blank).
    public var atBoundary: Bool { !lineHasContent && !quoted && !escaped }

    /// Scans `bytes` and calls `onBoundary(i)` for each point-ending `\n` at index `i`.
    public mutating func scan(_ bytes: UnsafeRawBufferPointer, onBoundary: (Int) throws -> Void) rethrows {
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return }
        while i < n {
            // Fast path at the start of a line: when the bytes up to the next `\n` hold no quote
            // and no backslash, nothing can be quoted or escaped, so that `\n` ends the point
            // (memchr instead of a byte-by-byte state machine; most metrics lines qualify).
            if !lineHasContent && !quoted && !escaped, let nl = memchr(base + i, 0x0A, n - i) {
                let end = base.distance(to: UnsafeRawPointer(nl))
                if memchr(base + i, 0x22, end - i) == nil && memchr(base + i, 0x5C, end - i) == nil {
                    try onBoundary(end)
                    i = end + 1
                    continue
                }
            }
            let b = bytes[i]
            if escaped {
                escaped = false
                i += 1
                continue
            }
            if !quoted {
                // Fast path: outside quotes only \ , = space " \n matter.
                switch b {
                case 0x0A:
                    try onBoundary(i)
                    inFields = false; equals = 0; commas = 0; lineHasContent = false
                    i += 1
                    continue
                case 0x5C: escaped = true; lineHasContent = true
                case 0x20: inFields = true; lineHasContent = true
                case 0x3D: if inFields { equals += 1 }; lineHasContent = true
                case 0x2C: if inFields { commas += 1 }; lineHasContent = true
                case 0x22: if inFields && equals > commas { quoted = true }; lineHasContent = true
                default: lineHasContent = true
                }
            } else {
                if b == 0x5C { escaped = true } else if b == 0x22 { quoted = false }
            }
            i += 1
        }
    }
}
