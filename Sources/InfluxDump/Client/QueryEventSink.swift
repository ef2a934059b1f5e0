/// Receives a query response as it is decoded, one series header and one cell at a time.
///
/// Byte arguments point into the parser's buffer and are valid only during the call.
public protocol QueryEventSink: AnyObject {
    /// A (piece of a) series starts. `tags` holds every tag key of the measurement; `""` means absent.
    func beginSeries(name: [UInt8], tags: [(key: [UInt8], value: [UInt8])], columns: [[UInt8]]) throws
    /// One cell of the current row. Column 0 is `time`. A string token's range indexes `bytes`.
    func cell(column: Int, token: MsgPackToken, bytes: UnsafeRawBufferPointer) throws
    /// The current row is complete.
    func endRow() throws
}
