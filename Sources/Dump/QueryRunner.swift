import ArchiveFormat
import InfluxAPI
import Logging

/// Runs each task as a query, with retries, on the worker's own libcurl handle.
struct QueryRunner: DumpTaskRunner {
    let client: InfluxClient
    let sink: ArchiveSink
    let options: DumpOptions
    let logger: Logger

    init(options: DumpOptions, sink: ArchiveSink, logger: Logger) throws {
        client = try InfluxClient(config: options.source)
        self.sink = sink
        self.options = options
        self.logger = logger
    }

    func run(_ task: DumpTask) throws -> TaskOutcome {
        try DumpQuery.run(task, client: client, sink: sink, options: options, logger: logger)
    }
}
