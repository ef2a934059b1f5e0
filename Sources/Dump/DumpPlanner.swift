import LineProtocol
import Schema
import Support

/// Splits a dump into queries: for each database, RP and measurement, one query per shard group
/// (inside a shard group a field has one type; across groups a SELECT would cast or drop values),
/// cut further into `chunk`-long windows and clipped to `[start, end)`.
public struct DumpPlanner {
    public var start: Int64?
    public var end: Int64?
    public var chunk: Int64?
    /// Per measurement, a later start (incremental runs); `defaultStart` for the others.
    public var startOverrides: [MeasurementKey: Int64] = [:]
    public var defaultStart: Int64? = nil
    public var excludedFields: [MeasurementKey: Set<String>] = [:]
    /// database → measurement → tag keys (SHOW TAG KEYS): windows of a measurement whose names
    /// are unambiguous as columns are queried without `GROUP BY *` (`TagColumns`). Nil: every
    /// window with it.
    public var tagKeys: [String: [String: [String]]]? = nil

    public init(start: Int64?, end: Int64?, chunk: Int64?) {
        self.start = start
        self.end = end
        self.chunk = chunk
    }

    public func plan(_ schema: ServerSchema) -> [DumpTask] {
        var tasks: [DumpTask] = []
        for db in schema.databases {
            for rp in db.retentionPolicies {
                for measurement in rp.measurements.keys.sorted() {
                    let key = MeasurementKey(database: db.name, retentionPolicy: rp.name, measurement: measurement)
                    let from = startOverrides[key] ?? defaultStart
                    let columns = tagKeys.flatMap { keys in
                        TagColumns.exact(tags: keys[db.name]?[measurement] ?? [], fields: (rp.measurements[measurement] ?? [:]).keys)
                    }
                    for (s, e, unbounded) in Self.withoutOverlap(rp.shardGroups.flatMap { windows($0, from: from) }) {
                        var task = DumpTask(
                            index: tasks.count, database: db.name, retentionPolicy: rp.name,
                            measurement: measurement, start: s, end: e, unboundedAbove: unbounded)
                        if unbounded { task.multiTypedFields = (rp.measurements[measurement] ?? [:]).filter { $0.value.count > 1 } }
                        task.excludedFields = excludedFields[key] ?? []
                        // The unbounded window spans every shard group (casts, see `multiTypedFields`): as before.
                        if !unbounded { task.tagColumns = columns }
                        tasks.append(task)
                    }
                }
            }
        }
        return tasks
    }

    /// Windows of one measurement with every overlap cut away, in time order. Shard groups of one
    /// RP can overlap: writing into the 1677 range after a restart makes 1.6.7 create a second
    /// group beside the first one (whose unbounded query returns that group's points too), and
    /// 1.6.7 does not clip a new group against older ones after `ALTER RETENTION POLICY … SHARD
    /// DURATION`. A point in an overlap would be dumped twice; instead each window starts where the
    /// windows before it end. Sorted by start, the part of a window already covered is always
    /// `[start, reach)` of the last covered run, so one pass suffices.
    static func withoutOverlap(_ windows: [(Int64, Int64, Bool)]) -> [(Int64, Int64, Bool)] {
        let sorted = windows.enumerated().sorted {
            ($0.element.0, $0.element.2 ? 0 : 1, $0.offset) < ($1.element.0, $1.element.2 ? 0 : 1, $1.offset)
        }
        var out: [(Int64, Int64, Bool)] = []
        var reach: Int64? = nil  // end of the covered run that contains the current start
        for (_, w) in sorted {
            let start = reach.map { w.0 < $0 ? $0 : w.0 } ?? w.0
            if let r = reach, w.0 <= r { reach = max(r, w.1) } else { reach = w.1 }
            if start < w.1 { out.append((start, w.1, w.2)) }
        }
        return out
    }

    /// The windows of one shard group after clipping and chunking. No window starts below
    /// MinNanoTime: 1.6.7 answered `time >= -9223372036854775808` with an empty result on some
    /// databases although a point at MinNanoTime existed (API-FACTS 2b), and no point can be older.
    func windows(_ group: ShardGroupWindow, from: Int64? = nil) -> [(Int64, Int64, Bool)] {
        let lo = max(group.start, start ?? .min, from ?? .min, Timestamp.minNano)
        let hi = min(group.end, end ?? .max)
        guard lo < hi else { return [] }
        if group.brokenStart { return [(lo, hi, true)] }
        guard let step = chunk, step > 0 else { return [(lo, hi, false)] }
        var out: [(Int64, Int64, Bool)] = []
        var s = lo
        while s < hi {
            let (next, overflow) = s.addingReportingOverflow(step)
            let e = overflow ? hi : min(next, hi)
            out.append((s, e, false))
            s = e
        }
        return out
    }

    /// Shard-group-aligned windows covering `[first, last]`, for users who may not run SHOW SHARDS.
    /// InfluxDB aligns groups like Go's `time.Truncate`: to multiples of the duration counted
    /// from 0001-01-01T00:00:00Z (so 7-day groups start on Mondays).
    public static func alignedGroups(first: Int64, last: Int64, duration: Int64) -> [ShardGroupWindow] {
        guard duration > 0, duration % 1_000_000_000 == 0 else { return [] }
        // 0001-01-01 is 62,135,596,800 s before the Unix epoch; only its remainder matters.
        let offset = (62_135_596_800 % (duration / 1_000_000_000)) * 1_000_000_000
        func floor(_ t: Int64) -> Int64 {
            var r = (t % duration + offset) % duration
            if r < 0 { r += duration }
            let (start, overflow) = t.subtractingReportingOverflow(r)
            return overflow ? .min : start
        }
        var out: [ShardGroupWindow] = []
        var s = floor(first)
        while s <= last {
            let (e, overflow) = s.addingReportingOverflow(duration)
            out.append(ShardGroupWindow(id: -1, start: s, end: overflow ? .max : e, brokenStart: false))
            if overflow { break }
            s = e
        }
        return out
    }
}
