import InfluxDumpCLI

Entrypoint.main()
