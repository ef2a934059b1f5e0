import ArchiveFormat
import Foundation
import InfluxAPI

extension SchemaDiscovery {
    /// Measurements of one RP (its SHOW FIELD KEYS answer) whose names are not valid UTF-8, as raw bytes. 1.6.7 stores such
    /// names from /write, but InfluxQL (a UTF-8 text) cannot name them: they read back only
    /// merged with every other name that differs in the invalid bytes (`U+FFFD` each).
    /// `valid`: the other names, as text (a valid name that reads like a decoded invalid one is kept).
    static func invalidNames(in answer: [MsgPackValue]) -> (invalid: [[UInt8]], valid: Set<String>) {
        var invalid: [[UInt8]] = []
        var valid = Set<String>()
        for series in answer.first?["series"]?.arrayValue ?? [] {
            guard case .string(let name)? = series["name"] else { continue }
            if let text = String(validating: name, as: UTF8.self) { valid.insert(text) } else { invalid.append(name) }
        }
        return (invalid, valid)
    }

    /// The finding for a measurement name that is not valid UTF-8: it is left out, loudly.
    static func invalidNameFinding(database: String, retentionPolicy: String, name: [UInt8]) -> String {
        let hex = name.map { String(format: "%02x", $0) }.joined(separator: " ")
        return "\(database)/\(retentionPolicy): measurement \"\(String(decoding: name, as: UTF8.self))\" (bytes \(hex)): "
            + "the name is not valid UTF-8, which InfluxQL cannot name exactly; its points were not saved"
    }

    /// Measurements the database's index lists (SHOW MEASUREMENTS) that no RP has field keys
    /// for: series left by failed or refused writes, which SELECT cannot read. Nothing to save,
    /// but said (a manifest note), never passed over in silence.
    func indexOnlyMeasurements(database: String, read: Set<String>) throws -> [String] {
        let rows = Self.rows(try client.queryValues("SHOW MEASUREMENTS ON \(InfluxQL.identifier(database))"))
        return rows.compactMap { $0.values.first?.stringValue }.filter { !read.contains($0) }.sorted()
    }

    /// Values per field of one measurement where `condition` holds (`SELECT count(*)`, whose
    /// columns are `count_<field>`): for the dump's obsolete-field check and `verify --against`.
    package func fieldCounts(database: String, retentionPolicy: String, measurement: String, where condition: String) throws
        -> [String: Int64]
    {
        let from = InfluxQL.source(database: database, retentionPolicy: retentionPolicy, measurement: measurement)
        guard let row = Self.rows(try client.queryValues("SELECT count(*) FROM \(from) WHERE \(condition)", database: database)).first
        else { return [:] }
        var out: [String: Int64] = [:]
        for (column, value) in zip(row.columns, row.values) where column.hasPrefix("count_") {
            out[String(column.dropFirst("count_".count))] = value.intValue ?? 0
        }
        return out
    }
}
