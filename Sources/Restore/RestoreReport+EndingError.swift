extension RestoreReport {
    /// The error a finished restore ends with (exit 1), or nil when everything was written: a
    /// damaged segment skipped comes first, then points the server refused, then continuous
    /// queries that could not be recreated.
    public var endingError: RestoreError? {
        if !corrupt.isEmpty { return .skippedCorrupt(segments: corrupt.count) }
        if !refusals.isEmpty { return .refused(points: refusedPoints, segments: Set(refusals.map(\.segment)).count) }
        if !refusedContinuousQueries.isEmpty { return .continuousQueriesRefused(count: refusedContinuousQueries.count) }
        return nil
    }
}
