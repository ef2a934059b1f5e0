/// Checks decompressed line protocol against its manifest record: every point parses, belongs
/// to the segment's measurement and window, and count and min/max time match.
final class SegmentChecker: ByteSink {
    private let record: Manifest.Segment
    private var scanner = LineProtocolScanner()
    private var line: [UInt8] = []
    private var points: Int64 = 0
    private var minTime = Int64.max
    private var maxTime = Int64.min
    private let measurement: [UInt8]
    private(set) var findings: [Finding] = []
    private var parseFailures = 0
    /// Past this many bad points in one segment only their number is reported.
    private static let detailedFailures = 5

    init(record: Manifest.Segment) {
        self.record = record
        measurement = Array(record.measurement.utf8)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var copied = 0
        scanner.scan(bytes) { i in
            line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied..<i]))
            copied = i + 1
            check()
            line.removeAll(keepingCapacity: true)
        }
        if copied < bytes.count { line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied...])) }
    }

    private func fail(_ kind: Finding.Kind, _ detail: String) {
        parseFailures += 1
        if parseFailures <= Self.detailedFailures { findings.append(Finding(kind, record.path, detail)) }
    }

    private func check() {
        if line.isEmpty { return }
        points += 1
        let parsed: ParsedPoint
        do {
            parsed = try line.withUnsafeBytes { raw throws(LineProtocolParser.Failure) in try LineProtocolParser.parse(raw) }
        } catch {
            fail(.parse, "point \(points): \(error)")
            return
        }
        guard let t = parsed.time else { fail(.parse, "point \(points): no timestamp"); return }
        if parsed.measurement != measurement {
            fail(.measurement, "point \(points) is in measurement \"\(String(decoding: parsed.measurement, as: UTF8.self))\", manifest says \"\(record.measurement)\"")
        }
        if t < record.windowStart || t >= record.windowEnd {
            fail(.window, "point \(points) at \(t) is outside the window [\(record.windowStart), \(record.windowEnd))")
        }
        minTime = min(minTime, t)
        maxTime = max(maxTime, t)
    }

    func finish() throws {
        if !line.isEmpty || !scanner.atBoundary {
            points += 1
            fail(.parse, "point \(points): segment ends inside a point")
        }
        if parseFailures > Self.detailedFailures {
            findings.append(Finding(.parse, record.path, "\(parseFailures - Self.detailedFailures) more bad point(s) not listed"))
        }
        if points != record.points {
            findings.append(Finding(.count, record.path, "holds \(points) point(s), manifest says \(record.points)"))
        }
        if points > 0, minTime != record.minTime || maxTime != record.maxTime {
            findings.append(Finding(.timeBounds, record.path, "times span [\(minTime), \(maxTime)], manifest says [\(record.minTime), \(record.maxTime)]"))
        }
    }
}
