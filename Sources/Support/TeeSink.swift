/// Feeds the same bytes to several sinks in turn (dry-run counts points two ways in one read).
public final class TeeSink: ByteSink {
    private let sinks: [ByteSink]
    public init(_ sinks: [ByteSink]) { self.sinks = sinks }
    public func write(_ bytes: UnsafeRawBufferPointer) throws { for s in sinks { try s.write(bytes) } }
    public func finish() throws { for s in sinks { try s.finish() } }
}
