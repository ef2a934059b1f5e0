/// Runs the tasks one worker takes: over HTTP, one query client per worker (`QueryRunner`);
/// from a native backup, its files (`BackupTaskRunner`).
protocol DumpTaskRunner {
    func run(_ task: DumpTask) throws -> TaskOutcome
}
