import Foundation

/// Permissions of everything influxdump creates: archives, journals, state and log files are
/// private (files 0600, folders 0700) unless `--umask` asks for more. Set once at start-up.
public enum FileModes {
    nonisolated(unsafe) public private(set) static var umaskValue: mode_t = 0o077

    /// Applies `mask` to the process (so libraries' files follow it too) and to our own modes.
    public static func set(umask mask: mode_t) {
        umaskValue = mask
        Foundation.umask(mask)
    }

    public static var file: mode_t { 0o666 & ~umaskValue }
    public static var directory: Int { Int(0o777 & ~umaskValue) }
}
