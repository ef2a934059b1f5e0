/// Decodes InfluxDB's chunked msgpack `/query` response as it arrives.
///
/// The body is a concatenation of documents `{"results":[{"statement_id":0,"series":[{"name":…,
/// "tags":{…},"columns":[…],"values":[[…],…],"partial":true}],"partial":true}]}`. Rows are pushed
/// to a `QueryEventSink` cell by cell, so memory is bounded by the largest single value, not by
/// the response. A response is complete only when its last document carries no `partial` flag.
///
/// The rows of a `values` array (nearly every byte of a response) take a fast path, `pumpRows`,
/// that decodes cells straight from the buffer; everything around them goes through a stack of
/// container frames. Generic over the sink so the dump's per-cell call is a direct one.
public final class QueryResponseParser<Sink: QueryEventSink> {
    private enum Role { case document, results, result, seriesList, series, tags, columns, values, skip, error }
    private struct Frame {
        var role: Role
        var remaining: Int
        var isMap: Bool
        var expectingKey: Bool
        var key: Key = .other
    }
    private enum Key { case results, series, name, tags, columns, values, partial, error, other }

    private var reader = MsgPackReader()
    private var stack: [Frame] = []
    private let sink: Sink
    private let query: String

    // Series under construction.
    private var name: [UInt8] = []
    private var tags: [(key: [UInt8], value: [UInt8])] = []
    private var pendingTagKey: [UInt8]? = nil
    private var columns: [[UInt8]] = []
    /// Cells of the current row still to come (0 between rows), and the next cell's column.
    private var cellsLeft = 0
    private var column = 0

    private var documents = 0
    private var lastResultPartial = false
    private var resultPartial = false
    public private(set) var rows: Int64 = 0

    public init(query: String, sink: Sink) {
        self.query = query
        self.sink = sink
    }

    /// Feeds bytes as received from the network.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws {
        reader.append(bytes)
        while true {
            if stack.last?.role == .values {
                guard try pumpRows() else { return }
                continue
            }
            guard let token = try reader.next() else { return }
            try handle(token)
        }
    }

    /// Decodes rows of the `values` array on top of the stack until it ends (true) or the
    /// buffer does (false; a row may be left half done, `cellsLeft` and `column` say where).
    private func pumpRows() throws -> Bool {
        let top = stack.count - 1
        var rowsLeft = stack[top].remaining
        let width = columns.count
        try reader.scan { bytes, position in
            while rowsLeft > 0 {
                // The cells InfluxDB sends most (int64/int32 times and values, float64 values)
                // go to the sink without a token in between.
                if cellsLeft > 0, bytes.count - position >= 9 {
                    let b = bytes[position]
                    if b == 0xcb || b == 0xd3 {
                        let raw = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: position + 1, as: UInt64.self))
                        position += 9
                        if b == 0xcb {
                            try sink.floatCell(column: column, value: Double(bitPattern: raw))
                        } else {
                            try sink.intCell(column: column, value: Int64(bitPattern: raw))
                        }
                        try cellDone(&rowsLeft)
                        continue
                    }
                    if b == 0xd2 {
                        let raw = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: position + 1, as: UInt32.self))
                        position += 5
                        try sink.intCell(column: column, value: Int64(Int32(bitPattern: raw)))
                        try cellDone(&rowsLeft)
                        continue
                    }
                }
                let (token, end) = MsgPackReader.decode(bytes, at: position)
                guard let token else {
                    if end < 0 {
                        throw InfluxClientError.malformedResponse(
                            "invalid msgpack byte 0x\(String(bytes[position], radix: 16)) at offset \(position) in response to \(query)")
                    }
                    return
                }
                position = end
                if cellsLeft == 0 {
                    guard case .array(let n) = token, n == width else {
                        throw InfluxClientError.malformedResponse("row width does not match \(width) columns in response to \(query)")
                    }
                    cellsLeft = n
                    column = 0
                    continue
                }
                switch token {
                case .array: throw InfluxClientError.malformedResponse("nested array in a row in response to \(query)")
                case .map: throw InfluxClientError.malformedResponse("map in a row in response to \(query)")
                default: break
                }
                try sink.cell(column: column, token: token, bytes: bytes)
                try cellDone(&rowsLeft)
            }
        }
        stack[top].remaining = rowsLeft
        guard rowsLeft == 0 else { return false }
        try popFinished()
        return true
    }

    /// One cell of the current row was handed over; ends the row after its last cell.
    @inline(__always)
    private func cellDone(_ rowsLeft: inout Int) throws {
        column += 1
        cellsLeft -= 1
        if cellsLeft == 0 {
            try sink.endRow()
            rows += 1
            rowsLeft -= 1
        }
    }

    /// Call at end of body: throws unless the response ended cleanly after its final chunk.
    public func finish() throws(InfluxClientError) {
        guard documents > 0, stack.isEmpty, reader.isAtEnd, !lastResultPartial else {
            throw .truncatedResponse(query: query)
        }
    }

    private func keyOf(_ r: Range<Int>) -> Key {
        let b = reader.bytes(r)
        switch b.count {
        case 4 where b.elementsEqual("name".utf8): return .name
        case 4 where b.elementsEqual("tags".utf8): return .tags
        case 5 where b.elementsEqual("error".utf8): return .error
        case 6 where b.elementsEqual("series".utf8): return .series
        case 6 where b.elementsEqual("values".utf8): return .values
        case 7 where b.elementsEqual("results".utf8): return .results
        case 7 where b.elementsEqual("columns".utf8): return .columns
        case 7 where b.elementsEqual("partial".utf8): return .partial
        default: return .other
        }
    }

    private func push(_ role: Role, _ token: MsgPackToken) throws {
        switch token {
        case .array(let n): stack.append(Frame(role: role, remaining: n, isMap: false, expectingKey: false))
        case .map(let n): stack.append(Frame(role: role, remaining: n, isMap: true, expectingKey: true))
        default: throw InfluxClientError.malformedResponse("expected a container for \(role) in response to \(query)")
        }
        try popFinished()
    }

    /// Marks one element of the top frame consumed and closes finished frames.
    private func consumed() throws {
        guard !stack.isEmpty else { return }
        if stack[stack.count - 1].isMap {
            if stack[stack.count - 1].expectingKey { stack[stack.count - 1].expectingKey = false; return }
            stack[stack.count - 1].expectingKey = true
        }
        stack[stack.count - 1].remaining -= 1
        try popFinished()
    }

    private func popFinished() throws {
        while let top = stack.last, top.remaining == 0, !(top.isMap && !top.expectingKey) {
            stack.removeLast()
            try closed(top.role)
            try consumed()
        }
    }

    private func closed(_ role: Role) throws {
        switch role {
        case .document: documents += 1; lastResultPartial = resultPartial
        case .result: break
        default: break
        }
    }

    private func handle(_ token: MsgPackToken) throws {
        guard let top = stack.last else {
            // A new top-level document.
            resultPartial = false
            try push(.document, token)
            return
        }
        if top.isMap && top.expectingKey {
            guard case .string(let r) = token else {
                throw InfluxClientError.malformedResponse("non-string map key in response to \(query)")
            }
            stack[stack.count - 1].key = keyOf(r)
            if top.role == .tags { pendingTagKey = Array(reader.bytes(r)) }
            try consumed()
            return
        }
        switch top.role {
        case .values:
            // `feed` hands every row to `pumpRows`.
            preconditionFailure("a values array reached the frame parser")
        case .columns:
            guard case .string(let r) = token else {
                throw InfluxClientError.malformedResponse("non-string column name in response to \(query)")
            }
            columns.append(Array(reader.bytes(r)))
            try consumed()
        case .tags:
            guard case .string(let r) = token, let k = pendingTagKey else {
                throw InfluxClientError.malformedResponse("non-string tag value in response to \(query)")
            }
            tags.append((k, Array(reader.bytes(r))))
            pendingTagKey = nil
            try consumed()
        case .seriesList:
            name = []; tags = []; columns = []
            try push(.series, token)
        case .results:
            try push(.result, token)
        case .skip:
            try nestedOrScalar(token, role: .skip)
        case .error:
            try consumed()
        case .document, .result, .series:
            try member(of: top.role, key: top.key, token: token)
        }
    }

    private func nestedOrScalar(_ token: MsgPackToken, role: Role) throws {
        switch token {
        case .array, .map: try push(role, token)
        default: try consumed()
        }
    }

    private func member(of role: Role, key: Key, token: MsgPackToken) throws {
        switch (role, key) {
        case (.document, .results): try push(.results, token)
        case (.result, .series): try push(.seriesList, token)
        case (.document, .error), (.result, .error):
            let message: String
            if case .string(let r) = token { message = String(decoding: reader.bytes(r), as: UTF8.self) } else { message = "unknown error" }
            throw InfluxClientError.statement(query: query, message: message)
        case (.result, .partial):
            if case .bool(let p) = token { resultPartial = p }
            try consumed()
        case (.series, .name):
            guard case .string(let r) = token else {
                throw InfluxClientError.malformedResponse("series name is not a string in response to \(query)")
            }
            name = Array(reader.bytes(r))
            try consumed()
        case (.series, .tags): tags = []; try push(.tags, token)
        case (.series, .columns): columns = []; try push(.columns, token)
        case (.series, .values):
            guard !columns.isEmpty else { throw InfluxClientError.malformedResponse("values before columns in response to \(query)") }
            try sink.beginSeries(name: name, tags: tags, columns: columns)
            cellsLeft = 0
            try push(.values, token)
        default:
            try nestedOrScalar(token, role: .skip)
        }
    }
}
