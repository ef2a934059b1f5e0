import ArgumentParser
import InfluxDump

/// The root command: `influxdump dump|restore|verify|inspect|prune|run|config`.
public struct InfluxDumpCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "influxdump",
        abstract: "Back up, move and check InfluxDB 1.x data, point for point.",
        discussion: """
            influxdump streams InfluxQL query results (msgpack, one retention policy, measurement and \
            shard group at a time) into zstd-compressed, checksummed line-protocol segments plus a \
            manifest, and replays them into any InfluxDB 1.x server.

            EXAMPLES:
              influxdump dump --host http://127.0.0.1:8086 --database telegraf --output /backups/telegraf
              influxdump verify /backups/telegraf
              influxdump restore --host http://10.0.0.9:8086 --input /backups/telegraf --database-map telegraf=telegraf_copy
              influxdump dump --host http://a:8086 -d telegraf -o - | influxdump restore --host http://b:8086 -i -

            Passwords come from INFLUX_PASSWORD, --password-file or a prompt on the terminal, never
            from a flag value.

            \(ExitStatus.helpText)
            """,
        version: ToolVersion.current,
        subcommands: [
            DumpCommand.self, RestoreCommand.self, VerifyCommand.self, InspectCommand.self, PruneCommand.self, RunCommand.self,
            ConfigCommand.self,
        ])

    public init() {}
}
