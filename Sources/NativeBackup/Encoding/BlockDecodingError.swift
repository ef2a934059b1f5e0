/// Why a TSM block could not be decoded (the caller adds the file and the key).
///
/// `reason` is one lowercase line that names the section first, e.g.
/// `"timestamps: uncompressed section of 13 bytes is not 1 + a multiple of 8"`.
public struct BlockDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the block, in one lowercase line.
    public let reason: String

    /// Wraps a reason; decoders build these only on the failure path, so the string costs nothing
    /// while decoding healthy blocks.
    public init(reason: String) {
        self.reason = reason
    }

    /// The reason itself, so logs and `"\(error)"` read naturally.
    public var description: String { reason }

    /// The timestamp section and the value section disagree on how many points the block holds.
    static func countMismatch(timestamps: Int, values: Int) -> BlockDecodingError {
        BlockDecodingError(reason: "count mismatch: \(timestamps) timestamps, \(values) values")
    }

    /// The value section holds more values than the timestamps, found while decoding a format whose
    /// count is only known at its end (floats, strings); decoding stops there instead of growing buffers.
    static func tooManyValues(timestamps: Int, kind: String) -> BlockDecodingError {
        BlockDecodingError(reason: "count mismatch: \(timestamps) timestamps, more \(kind) values")
    }

    /// A section ended before the data its own header promised.
    static func truncated(_ section: String, _ detail: String) -> BlockDecodingError {
        BlockDecodingError(reason: "\(section): truncated \(detail)")
    }
}
