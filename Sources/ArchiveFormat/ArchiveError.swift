/// Errors of reading and writing archives. Each names the file or stream it is about.
public enum ArchiveError: Error, Equatable, CustomStringConvertible, Sendable {
    case io(path: String, operation: String, message: String)
    /// A directory given as an archive or an output that cannot be one (missing, a file): the
    /// user's to fix (exit 2), unlike an I/O failure inside an archive.
    case unusableDirectory(path: String, operation: String, message: String)
    /// libzstd refused: it names no file, the caller's context does.
    case zstd(operation: String, message: String)
    case notAnArchive(path: String)
    case unsupportedVersion(path: String, version: Int)
    case incomplete(path: String)
    case manifestUnreadable(path: String, message: String)
    case outputNotEmpty(path: String)
    case interruptedDumpPresent(path: String)
    case segment(path: String, problem: String)
    case stream(offset: Int64, problem: String)
    case locked(path: String)
    case notAStream
    case resumeComplete(path: String)
    /// An encrypted archive opened without an identity.
    case encrypted(path: String, recipients: String)

    public var description: String {
        switch self {
        case let .io(path, op, message), let .unusableDirectory(path, op, message): return "\(path): \(op) failed: \(message)"
        case let .zstd(op, message): return "zstd: \(op) failed: \(message)"
        case let .notAnArchive(path): return "\(path): not an influxdump archive (no manifest.json)"
        case let .unsupportedVersion(path, v):
            return
                "\(path): archive format version \(v) is newer than this influxdump understands (\(Manifest.currentVersion)); upgrade influxdump"
        case let .incomplete(path): return "\(path): the dump that wrote this archive did not finish (manifest not marked complete)"
        case let .manifestUnreadable(path, m): return "\(path): unreadable manifest: \(m)"
        case let .outputNotEmpty(path): return "\(path): output directory is not empty; choose a new directory (nothing was written)"
        case let .interruptedDumpPresent(path):
            return "\(path): holds an interrupted dump; add --resume to continue it, or choose a new directory (nothing was written)"
        case let .segment(path, problem): return "segment \(path): \(problem)"
        case let .stream(offset, problem): return "input stream at byte \(offset): \(problem)"
        case .notAStream:
            return
                "standard input is not an influxdump stream (expected \"INFXDUMP\"); give --input - only the output of `influxdump dump --output -`"
        case let .locked(path): return "\(path): another influxdump is writing into this directory (lock held)"
        case let .resumeComplete(path): return "\(path): the archive is already complete; nothing to resume"
        case let .encrypted(path, recipients):
            return "\(path): the archive is encrypted (age, to \(recipients)); give --identity FILE or INFLUXDUMP_IDENTITY_FILE"
        }
    }
}
