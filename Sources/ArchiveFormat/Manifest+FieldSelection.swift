import LineProtocol

extension Manifest {
    /// The field filter a dump applied (`parameters.fieldFilter`): names or `/regex/` to include
    /// and exclude, and the types kept (empty: all). `verify --against` compares what it accepts.
    public struct FieldSelection: Codable, Sendable, Equatable {
        public var include: [String]
        public var exclude: [String]
        public var types: [FieldType]

        public init(include: [String] = [], exclude: [String] = [], types: [FieldType] = []) {
            self.include = include
            self.exclude = exclude
            self.types = types
        }
    }
}
