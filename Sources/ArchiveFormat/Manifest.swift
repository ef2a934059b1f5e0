import Foundation
import LineProtocol

/// The table of contents of an archive (`manifest.json`, or the trailer of a stream).
/// See formats/archive-format.md and formats/manifest.schema.json.
public struct Manifest: Codable, Sendable, Equatable {
    public static let formatName = "influxdump-archive"
    public static let currentVersion = 1
    public static let fileName = "manifest.json"
    /// `sha256sum` line of manifest.json, written before it: an edited manifest is detected.
    public static let digestFileName = "manifest.sha256"

    package static func digestLine(_ bytes: [UInt8]) -> String { HashingSink.hash(bytes) + "  " + fileName + "\n" }

    public var format: String = Manifest.formatName
    public var formatVersion: Int = Manifest.currentVersion
    /// True only in the manifest written after every segment was saved and checked.
    public var complete: Bool
    public var tool: Tool
    public var server: Server
    public var createdAt: String
    public var finishedAt: String?
    public var parameters: Parameters
    public var databases: [Database]
    public var segments: [Segment]
    /// Data that could not be saved exactly, described loudly (never silently dropped).
    public var findings: [String]
    /// The job that wrote this archive (absent for a plain `dump`).
    public var job: String?
    /// For an incremental archive: the archive it continues.
    public var parent: Parent?
    /// Newest point time saved per measurement, this run's or carried over from the parent:
    /// where the next incremental run continues.
    public var watermarks: [Watermark]?
    /// Points left out on purpose by field filters (they had no field left).
    public var pointsWithoutFields: Int64?
    /// Users (every admin, and every user with a privilege on a dumped database) with their
    /// privileges on dumped databases; never password hashes. nil: not recorded (see `notes`,
    /// or an older influxdump).
    public var users: [User]? = nil
    /// What the dump deliberately did not record, and why (e.g. users without admin privilege).
    public var notes: [String]? = nil
    /// Every query window, with or without points (nil in archives of older versions):
    /// `verify --against` compares each with the source, so an empty answer is checked too.
    public var windows: [Window]? = nil
    /// Set when the points were read from a native backup (`dump --from-backup`), not a server.
    public var source: Source? = nil

    /// The notes a dump without admin privilege leaves (restore refuses `--with-users` /
    /// `--with-cqs` on such an archive instead of restoring nothing silently).
    public static let usersNotSaved = "users and grants were not saved: SHOW USERS needs admin privilege, which the dumping user lacks"
    public static let continuousQueriesNotSaved =
        "continuous queries were not saved: the server refused SHOW CONTINUOUS QUERIES to the dumping user"

    public struct Parent: Codable, Sendable, Equatable {
        public init(path: String, createdAt: String) {
            self.path = path
            self.createdAt = createdAt
        }

        /// Directory name of the parent archive, a sibling of this one.
        public var path: String
        public var createdAt: String
    }

    public struct Watermark: Codable, Sendable, Equatable {
        public init(database: String, retentionPolicy: String, measurement: String, time: Int64) {
            self.database = database
            self.retentionPolicy = retentionPolicy
            self.measurement = measurement
            self.time = time
        }

        public var database: String
        public var retentionPolicy: String
        public var measurement: String
        public var time: Int64
    }

    public struct Tool: Codable, Sendable, Equatable {
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }

        public var name: String
        public var version: String
    }

    public struct Server: Codable, Sendable, Equatable {
        public init(url: String, version: String) {
            self.url = url
            self.version = version
        }

        /// The server URL as given, without credentials.
        public var url: String
        public var version: String
    }

    /// What was asked for. Never holds credentials.
    public struct Parameters: Codable, Sendable, Equatable {
        public init(
            databases: [String], retentionPolicies: [String], measurements: [String], start: Int64? = nil, end: Int64? = nil,
            chunk: Int64? = nil, compressionLevel: Int, segmentSize: Int64, segmentPoints: Int64, destinations: [String: String]? = nil,
            fieldsLeftOut: Bool? = nil
        ) {
            self.databases = databases
            self.retentionPolicies = retentionPolicies
            self.measurements = measurements
            self.start = start
            self.end = end
            self.chunk = chunk
            self.compressionLevel = compressionLevel
            self.segmentSize = segmentSize
            self.segmentPoints = segmentPoints
            self.destinations = destinations
            self.fieldsLeftOut = fieldsLeftOut
        }

        public var databases: [String]
        public var retentionPolicies: [String]
        public var measurements: [String]
        public var start: Int64?
        public var end: Int64?
        public var chunk: Int64?
        public var compressionLevel: Int
        public var segmentSize: Int64
        /// A window also continues in a new segment after this many points.
        public var segmentPoints: Int64
        /// Source database → the name to restore it as (default for `restore`).
        public var destinations: [String: String]?
        /// True when fields were left out on purpose (field filter, obsolete fields); nil otherwise.
        public var fieldsLeftOut: Bool? = nil
        /// The field filter applied, when there was one.
        public var fieldFilter: FieldSelection? = nil
    }

    public var totalPoints: Int64 { segments.reduce(0) { $0 + $1.points } }
    public var totalRawBytes: Int64 { segments.reduce(0) { $0 + $1.rawBytes } }
    public var totalCompressedBytes: Int64 { segments.reduce(0) { $0 + $1.compressedBytes } }

    public func encoded() throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try e.encode(self)) + [0x0A]
    }

    /// Decodes and checks the format name and version. `path` names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(ArchiveError) -> Manifest {
        struct Probe: Decodable { var format: String?; var formatVersion: Int? }
        let data = Data(bytes)
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data) else {
            throw .manifestUnreadable(path: path, message: "not JSON")
        }
        guard probe.format == formatName else { throw .manifestUnreadable(path: path, message: "format is not \(formatName)") }
        guard let v = probe.formatVersion else { throw .manifestUnreadable(path: path, message: "missing formatVersion") }
        guard v >= 1 else { throw .manifestUnreadable(path: path, message: "formatVersion \(v) is not a version") }
        guard v <= currentVersion else { throw .unsupportedVersion(path: path, version: v) }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw .manifestUnreadable(path: path, message: Self.describe(error))
        }
        for s in manifest.segments where !isSafeSegmentPath(s.path) {
            throw .manifestUnreadable(path: path, message: "segment path \"\(s.path)\" is not of the form segments/NAME")
        }
        return manifest
    }

    /// Segment paths stay inside the archive: `segments/` plus one plain file name.
    package static func isSafeSegmentPath(_ path: String) -> Bool {
        let prefix = "segments/"
        guard path.hasPrefix(prefix) else { return false }
        let name = path.dropFirst(prefix.count)
        return !name.isEmpty && name != "." && name != ".." && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "missing key \((ctx.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx), DecodingError.dataCorrupted(let ctx):
            return "bad value at \(ctx.codingPath.map(\.stringValue).joined(separator: ".")): \(ctx.debugDescription)"
        default: return "\(error)"
        }
    }
}
