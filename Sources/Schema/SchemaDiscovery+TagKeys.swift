import InfluxAPI

extension SchemaDiscovery {
    /// measurement → tag keys of one database (SHOW TAG KEYS is database-wide: it ignores RPs).
    /// A measurement without tags is absent.
    public func tagKeys(database: String) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for row in Self.rows(try client.queryValues("SHOW TAG KEYS ON \(InfluxQL.identifier(database))")) {
            guard let m = row.series, let key = Self.column("tagKey", row)?.stringValue else { continue }
            out[m, default: []].append(key)
        }
        return out
    }
}
