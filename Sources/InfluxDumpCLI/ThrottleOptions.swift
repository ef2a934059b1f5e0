import ArgumentParser
import InfluxDump

/// Rate limits for dump and restore, so a production server is not flooded.
struct ThrottleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read or write at most this many points per second, all workers together.", valueName: "n"))
    var maxPointsPerSecond: Int?

    @Option(
        help: ArgumentHelp(
            "At most this many bytes of line protocol per second: a number with an optional KiB, MiB or GiB suffix.", valueName: "bytes"))
    var maxBytesPerSecond: String?

    func throttle() throws -> Throttle? {
        if let p = maxPointsPerSecond, p <= 0 { throw UsageError("--max-points-per-second must be a positive number, got \(p)") }
        var bytes: Int64? = nil
        if let text = maxBytesPerSecond {
            guard let b = Self.parseBytes(text), b > 0 else {
                throw UsageError("--max-bytes-per-second \"\(text)\": expected a positive number of bytes, e.g. 5000000 or 20MiB")
            }
            bytes = b
        }
        return Throttle(pointsPerSecond: maxPointsPerSecond.map(Double.init), bytesPerSecond: bytes.map(Double.init))
    }

    /// `1234`, `64KiB`, `20MiB`, `1GiB`.
    static func parseBytes(_ text: String) -> Int64? {
        for (suffix, shift) in [("KiB", 10), ("MiB", 20), ("GiB", 30), ("", 0)] where text.hasSuffix(suffix) {
            guard let n = Int64(text.dropLast(suffix.count)), n >= 0, n <= Int64.max >> shift else { return nil }
            return n << shift
        }
        return nil
    }
}
