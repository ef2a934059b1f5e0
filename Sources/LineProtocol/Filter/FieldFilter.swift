/// Which fields a dump keeps: by name (include/exclude, names or `/regex/`) and by type. A point
/// left with no field is not written (line protocol needs one) and is counted instead.
public struct FieldFilter: Sendable {
    public var names = NameFilter()
    /// Empty: every type.
    public var types: Set<FieldType> = []

    public init(names: NameFilter = NameFilter(), types: Set<FieldType> = []) {
        self.names = names
        self.types = types
    }

    public var isEmpty: Bool { names.isEmpty && types.isEmpty }

    public func accepts(name: String) -> Bool { names.accepts(name) }
    public func accepts(type: FieldType) -> Bool { types.isEmpty || types.contains(type) }
}
