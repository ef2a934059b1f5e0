import Foundation

/// Whether a process has files of a data directory open or mapped (Linux `/proc`). InfluxDB 1.x
/// takes no lock on its directories, so this is how a running server is told from a stopped one.
/// What cannot be checked is not assumed safe: a process named influxd whose files this user may
/// not read, or a system without `/proc`, is refused too.
enum RunningServer {
    /// Throws `.inUse` naming the first process that has a file under `path` open or mapped.
    static func refuse(_ path: String) throws(NativeBackupError) {
        let root = (URL(fileURLWithPath: path).resolvingSymlinksInPath().path) + "/"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
            throw .inUse(path: path, pid: 0, command: "unknown: there is no /proc to check running processes in")
        }
        let me = getpid()
        for pid in entries.compactMap({ Int32($0) }) where pid != me {
            let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            switch uses(root, pid: pid) {
            case true?: throw .inUse(path: path, pid: pid, command: command ?? "?")
            case nil where command == "influxd":
                throw .inUse(
                    path: path, pid: pid, command: "influxd, whose open files this user may not read; run as root or as its user to check")
            default: continue
            }
        }
    }

    /// Whether process `pid` has a file under `root` open or mapped; nil when its descriptors
    /// cannot be read (another user's process) — a process that ended meanwhile is false.
    private static func uses(_ root: String, pid: Int32) -> Bool? {
        let fds = "/proc/\(pid)/fd"
        let list: [String]
        do { list = try FileManager.default.contentsOfDirectory(atPath: fds) } catch {
            return FileManager.default.fileExists(atPath: "/proc/\(pid)") ? nil : false
        }
        for fd in list {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fds + "/" + fd), target.hasPrefix(root) {
                return true
            }
        }
        // Mapped TSM files of a server that closed their descriptors.
        guard let maps = try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8) else { return nil }
        return maps.contains(" " + root)  // the path column: a file under the folder
    }
}
