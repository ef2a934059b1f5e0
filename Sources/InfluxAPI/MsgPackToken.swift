/// One msgpack item header plus, for scalars, its payload.
///
/// Strings, binaries and extension payloads are byte ranges into the reader's buffer: they are
/// valid until the reader is next compacted, which never happens while a token is being handled.
public enum MsgPackToken: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A msgpack uint that does not fit in Int64 (InfluxDB never sends one for int64 data).
    case bigUInt(UInt64)
    case float(Double)
    case string(Range<Int>)
    case binary(Range<Int>)
    case ext(type: Int8, Range<Int>)
    case array(count: Int)
    case map(count: Int)
}
