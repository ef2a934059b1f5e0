/// Receives a query response as it is decoded, one series header and one cell at a time.
///
/// Byte arguments point into the parser's buffer and are valid only during the call.
public protocol QueryEventSink: AnyObject {
    /// A (piece of a) series starts. `tags` holds every tag key of the measurement; `""` means absent.
    func beginSeries(name: [UInt8], tags: [(key: [UInt8], value: [UInt8])], columns: [[UInt8]]) throws
    /// One cell of the current row. Column 0 is `time`. A string token's range indexes `bytes`.
    func cell(column: Int, token: MsgPackToken, bytes: UnsafeRawBufferPointer) throws
    /// A cell holding an int64 (msgpack 0xd3): the parser's fast path for the commonest cells.
    /// Must mean exactly what `cell(column:token: .int(value), bytes:)` means.
    func intCell(column: Int, value: Int64) throws
    /// A cell holding a float64 (msgpack 0xcb); same contract as `intCell`.
    func floatCell(column: Int, value: Double) throws
    /// The current row is complete.
    func endRow() throws
}

extension QueryEventSink {
    public func intCell(column: Int, value: Int64) throws {
        try cell(column: column, token: .int(value), bytes: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    public func floatCell(column: Int, value: Double) throws {
        try cell(column: column, token: .float(value), bytes: UnsafeRawBufferPointer(start: nil, count: 0))
    }
}

/// An error a `QueryEventSink` throws to stop a query for a reason of its own, which the client
/// hands back unchanged (other sink errors become `malformedResponse` with the query).
public protocol QuerySinkError: Error {}
