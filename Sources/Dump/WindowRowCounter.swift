import InfluxAPI

/// Counts the rows of a query response whose time falls in `[lower, upper)`, discarding them.
final class WindowRowCounter: QueryEventSink {
    let lower: Int64, upper: Int64
    private(set) var rows: Int64 = 0
    private var time: Int64 = 0

    init(lower: Int64, upper: Int64) {
        self.lower = lower
        self.upper = upper
    }

    func beginSeries(name: [UInt8], tags: [(key: [UInt8], value: [UInt8])], columns: [[UInt8]]) throws {}

    func cell(column: Int, token: MsgPackToken, bytes: UnsafeRawBufferPointer) throws {
        if column == 0, case .int(let t) = token { time = t }
    }

    func endRow() throws {
        if time >= lower && time < upper { rows += 1 }
    }
}
