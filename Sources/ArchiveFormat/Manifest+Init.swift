extension Manifest {
    /// A manifest as a dump begins it (the format fields take their current values).
    public init(
        complete: Bool, tool: Tool, server: Server, createdAt: String, finishedAt: String? = nil, parameters: Parameters,
        databases: [Database], segments: [Segment], findings: [String], job: String? = nil, parent: Parent? = nil,
        watermarks: [Watermark]? = nil, pointsWithoutFields: Int64? = nil, users: [User]? = nil, notes: [String]? = nil,
        windows: [Window]? = nil
    ) {
        self.complete = complete
        self.tool = tool
        self.server = server
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.parameters = parameters
        self.databases = databases
        self.segments = segments
        self.findings = findings
        self.job = job
        self.parent = parent
        self.watermarks = watermarks
        self.pointsWithoutFields = pointsWithoutFields
        self.users = users
        self.notes = notes
        self.windows = windows
    }
}
