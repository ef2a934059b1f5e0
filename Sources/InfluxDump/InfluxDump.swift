// The library product: every stage of the data path as one import, for programs that embed
// influxdump. The CLI and the tests import the stages they use.
@_exported import AgeEncryption
@_exported import ArchiveFormat
@_exported import Dump
@_exported import InfluxAPI
@_exported import Jobs
@_exported import LineProtocol
@_exported import Metrics
@_exported import NativeBackup
@_exported import ObjectStorage
@_exported import Restore
@_exported import Schema
@_exported import Support
@_exported import Verify
