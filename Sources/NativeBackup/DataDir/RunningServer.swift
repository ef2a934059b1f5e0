import Foundation

/// Whether a process has files of a data directory open or mapped (Linux `/proc`). InfluxDB 1.x
/// takes no lock on its directories, so this is how a running server is told from a stopped one.
enum RunningServer {
    /// Throws `.inUse` naming the first process that has a file under `path` open or mapped.
    static func refuse(_ path: String) throws(NativeBackupError) {
        let root = (URL(fileURLWithPath: path).resolvingSymlinksInPath().path) + "/"
        let me = getpid()
        for pid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap({ Int32($0) }) ?? [] where pid != me {
            if usesFile(under: root, pid: pid) {
                let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(
                    in: .whitespacesAndNewlines)
                throw .inUse(path: path, pid: pid, command: command ?? "?")
            }
        }
    }

    private static func usesFile(under root: String, pid: Int32) -> Bool {
        let fds = "/proc/\(pid)/fd"
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? [] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fds + "/" + fd), target.hasPrefix(root) {
                return true
            }
        }
        // Mapped TSM files of a server that closed their descriptors.
        guard let maps = try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8) else { return false }
        return maps.contains(root)
    }
}
