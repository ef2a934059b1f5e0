extension Array where Element: BitwiseCopyable {
    /// Allocates room for `capacity` elements once and lets `body` initialize a prefix of them in
    /// place, returning how many it initialized; a thrown error keeps its type.
    ///
    /// `Array(unsafeUninitializedCapacity:)` only rethrows `any Error`, so the typed error travels out
    /// through a local instead. Restricted to bitwise-copyable elements because a failed body's
    /// partial writes are simply abandoned (nothing needs deinitializing).
    @inline(__always)
    static func building(
        capacity: Int, _ body: (UnsafeMutableBufferPointer<Element>) throws(BlockDecodingError) -> Int
    ) throws(BlockDecodingError) -> [Element] {
        var failure: BlockDecodingError?
        let result = [Element](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            do throws(BlockDecodingError) {
                initialized = try body(UnsafeMutableBufferPointer(rebasing: buffer[0..<capacity]))
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return result
    }
}
