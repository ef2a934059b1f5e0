extension RestoreSession {
    /// What `run` did and the error the restore ends with.
    public struct Outcome: Sendable {
        public var report: RestoreReport
        /// Seconds spent writing (after the checks).
        public var seconds: Double
        /// Something was skipped, refused or not recreated: the rest was restored (exit 1).
        public var ending: RestoreError?
    }

    /// What `plan` found and the error the dry run ends with.
    public struct DryRun: Sendable {
        public var plan: RestorePlan
        public var ending: RestoreError?
    }
}
