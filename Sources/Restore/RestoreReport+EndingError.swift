extension RestoreReport {
    /// The error a finished restore ends with (exit 1), or nil when everything was written: a
    /// damaged segment skipped comes first, then points the server refused, then continuous
    /// queries that could not be recreated.
    /// Points the server refused, as an error; nil when it took them all.
    public var refusalError: RestoreError? {
        refusals.isEmpty ? nil : .refused(points: refusedPoints, segments: Set(refusals.map(\.segment)).count)
    }

    public var endingError: RestoreError? {
        if !corrupt.isEmpty { return .skippedCorrupt(segments: corrupt.count) }
        if let refused = refusalError { return refused }
        if !refusedContinuousQueries.isEmpty { return .continuousQueriesRefused(count: refusedContinuousQueries.count) }
        return nil
    }
}
