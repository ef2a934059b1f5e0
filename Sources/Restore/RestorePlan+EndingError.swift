extension RestorePlan {
    /// The error a dry run ends with: the restore itself would exit 1 for a continuous query it
    /// cannot recreate, so its dry run does too. Warnings alone end in success.
    public var endingError: RestoreError? {
        let refused = (continuousQueries ?? []).filter { $0.action == .refuse }.count
        return refused > 0 ? .continuousQueriesRefused(count: refused) : nil
    }
}
