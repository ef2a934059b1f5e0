import ArchiveFormat

/// A retention policy's settings as `SHOW RETENTION POLICIES` lists them (durations in ns,
/// 0 = keep forever).
public struct RetentionPolicySettings: Codable, Sendable, Equatable {
    public var duration: Int64
    public var shardGroupDuration: Int64
    public var replicaN: Int
    public var isDefault: Bool

    public init(duration: Int64, shardGroupDuration: Int64, replicaN: Int, isDefault: Bool) {
        self.duration = duration
        self.shardGroupDuration = shardGroupDuration
        self.replicaN = replicaN
        self.isDefault = isDefault
    }

    public init(_ rp: Manifest.RetentionPolicy) {
        self.init(duration: rp.duration, shardGroupDuration: rp.shardGroupDuration, replicaN: rp.replicaN, isDefault: rp.isDefault)
    }
}
