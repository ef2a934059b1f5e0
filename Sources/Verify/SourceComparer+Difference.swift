import ArchiveFormat

extension SourceComparer {
    /// A window whose count of values of one field differs.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        /// The range compared: the window, cut at the dump's start.
        public var window: Manifest.Window
        public var field: String
        public var archive: Int64
        public var server: Int64

        public var detail: String { "field \(field): archive \(archive), server \(server)" }
        public var description: String { "\(window.label): \(detail)" }
        public var finding: Finding { Finding(.source, window.label, detail) }
    }
}
