import Foundation
import Support

/// An append-only log file shared by the log handlers of one job, rotated by day (old files
/// get a `.YYYY-MM-DD` suffix) or by size (`.1` newest … `.N`), keeping `keep` old files.
public final class RotatingLogFile: @unchecked Sendable {
    public enum Rotation: Sendable, Equatable { case none, daily, size(Int64) }

    public let path: String
    private let rotation: Rotation
    private let keep: Int
    private let lock = NSLock()
    private var handle: FileHandle?
    private var size: Int64 = 0
    private var day: String
    private let now: () -> Date

    public init(path: String, rotation: Rotation, keep: Int, now: @escaping () -> Date = Date.init) throws {
        self.path = path
        self.rotation = rotation
        self.keep = max(1, keep)
        self.now = now
        day = Self.dayString(now())
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try open()
        if case .daily = rotation, let attrs = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attrs[.modificationDate] as? Date, size > 0
        {
            day = Self.dayString(modified)
        }
    }

    deinit { try? handle?.close() }

    private func open() throws {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: Int(FileModes.file)])
        }
        handle = FileHandle(forWritingAtPath: path)
        size = Int64(try handle?.seekToEnd() ?? 0)
    }

    static func dayString(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    public func write(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        let data = Data((line + "\n").utf8)
        switch rotation {
        case .none: break
        case .daily:
            let today = Self.dayString(now())
            if today != day { rotate(suffix: day); day = today }
        case .size(let max):
            if size > 0 && size + Int64(data.count) > max { rotateNumbered() }
        }
        handle?.write(data)
        size += Int64(data.count)
    }

    private func rotate(suffix: String) {
        try? handle?.close()
        try? FileManager.default.moveItem(atPath: path, toPath: path + "." + suffix)
        // Keep the newest `keep` dated files.
        let dir = (path as NSString).deletingLastPathComponent, base = (path as NSString).lastPathComponent
        let old = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix(base + ".") }.sorted()
        for name in old.dropLast(keep) { try? FileManager.default.removeItem(atPath: dir + "/" + name) }
        try? open()
    }

    private func rotateNumbered() {
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: "\(path).\(keep)")
        if keep > 1 {
            for i in stride(from: keep - 1, through: 1, by: -1) {
                try? FileManager.default.moveItem(atPath: "\(path).\(i)", toPath: "\(path).\(i + 1)")
            }
        }
        try? FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try? open()
    }
}
