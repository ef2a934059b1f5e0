/// A problem in a job file, located: `config/nightly.yaml:12:5: options.retries: expected an
/// integer, got "three"`. Line and column are 1-based; the key path is dotted.
public struct JobConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var key: String
    public var message: String

    public var description: String {
        "\(file):\(line):\(column): " + (key.isEmpty ? "" : "\(key): ") + message
    }
}
