import ArchiveFormat
import LineProtocol
import Support

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

    /// When set, values per field key of the points before this time are counted
    /// (`verify --against`), which needs every point parsed instead of only validated.
    private let countBefore: Int64?
    private(set) var fieldCounts: [String: Int64] = [:]

    init(record: Manifest.Segment, countBefore: Int64? = nil) {
        self.record = record
        self.countBefore = countBefore
        measurement = Array(record.measurement.utf8)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var copied = 0
        scanner.scan(bytes) { i in
            if line.isEmpty {
                // The whole point is in this piece: check it where it is, without a copy.
                check(UnsafeRawBufferPointer(rebasing: bytes[copied..<i]))
            } else {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied..<i]))
                line.withUnsafeBytes { check($0) }
                line.removeAll(keepingCapacity: true)
            }
            copied = i + 1
        }
        if copied < bytes.count { line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied...])) }
    }

    private func fail(_ kind: Finding.Kind, _ detail: String) {
        parseFailures += 1
        if parseFailures <= Self.detailedFailures { findings.append(Finding(kind, record.path, detail)) }
    }

    /// Checks one point (`raw`: its bytes without the `\n`; empty for a blank line).
    private func check(_ raw: UnsafeRawBufferPointer) {
        if raw.isEmpty { return }
        points += 1
        // `validate` checks exactly what `parse` would, without building the point.
        var measurementRange = 0..<0
        var time: Int64? = nil
        var failure: LineProtocolParser.Failure? = nil
        do { (measurementRange, time) = try LineProtocolParser.validate(raw) } catch { failure = error }
        if let failure {
            fail(.parse, "point \(points): \(failure)")
            return
        }
        guard let t = time else { fail(.parse, "point \(points): no timestamp"); return }
        if !measurementMatches(raw, measurementRange) {
            var name: [UInt8] = []
            do { name = try LineProtocolParser.parse(raw).measurement } catch {}
            fail(
                .measurement,
                "point \(points) is in measurement \"\(String(decoding: name, as: UTF8.self))\", manifest says \"\(record.measurement)\"")
        }
        if t < record.windowStart || t >= record.windowEnd {
            fail(.window, "point \(points) at \(t) is outside the window [\(record.windowStart), \(record.windowEnd))")
        }
        minTime = min(minTime, t)
        maxTime = max(maxTime, t)
        if let cut = countBefore, t < cut, let point = try? LineProtocolParser.parse(raw) {
            for field in point.fields { fieldCounts[String(decoding: field.key, as: UTF8.self), default: 0] += 1 }
        }
    }

    /// Whether the escaped measurement at `range` of the current point is the manifest's name.
    private func measurementMatches(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound, j = 0
        while i < range.upperBound {
            if line[i] == 0x5C, i + 1 < range.upperBound, Escaping.needsEscape(line[i + 1], .measurement) { i += 1 }
            guard j < measurement.count, line[i] == measurement[j] else { return false }
            i += 1; j += 1
        }
        return j == measurement.count
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
            findings.append(
                Finding(
                    .timeBounds, record.path, "times span [\(minTime), \(maxTime)], manifest says [\(record.minTime), \(record.maxTime)]"))
        }
    }
}
