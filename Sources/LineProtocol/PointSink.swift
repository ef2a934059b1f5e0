/// Receives whole line-protocol points (each ending in `\n`) together with their timestamp.
public protocol PointSink: AnyObject {
    func writePoint(_ line: UnsafeRawBufferPointer, time: Int64) throws
}
