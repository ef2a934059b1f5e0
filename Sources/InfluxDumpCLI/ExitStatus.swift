import ArgumentParser
import InfluxDump

/// Exit codes, mapped in this one place and listed in `--help`.
public enum ExitStatus: Int32, Sendable {
    /// The work was done.
    case success = 0
    /// The work failed: a query or write failed, verify found problems, the server refused points.
    case failure = 1
    /// The command line or configuration is wrong; nothing was done.
    case usage = 2

    static let helpText = """
        EXIT CODES:
          0  success
          1  the work failed (a query or write failed, verify found problems, points were refused)
          2  usage or configuration error (bad flag, URL, time, file or directory); nothing was changed
        """

    /// The exit status for an error that reached the top.
    static func of(_ error: Error) -> ExitStatus {
        switch error {
        case let e as ExitCodeError: return e.status
        case is UsageError: return .usage
        case let e as ArchiveError:
            switch e {
            case .outputNotEmpty, .interruptedDumpPresent, .resumeComplete, .locked, .notAStream, .notAnArchive, .unsupportedVersion,
                .manifestUnreadable, .incomplete, .encrypted:
                return .usage
            case .unusableDirectory: return .usage
            default: return .failure
            }
        case let e as RestoreError:
            switch e {
            case .ambiguousDatabase, .unknownMappedDatabase, .noSelectedDatabase, .usersNotRecorded, .unknownPasswordUser,
                .continuousQueriesNotRecorded, .stdinWithOtherInputs:
                return .usage
            default: return .failure
            }
        case let e as AgeError:
            // A key file or key the user gave, or an identity that does not open the archive.
            switch e {
            case .keyFileUnreadable, .keyFileLine, .keyFileEmpty, .malformedKey, .noIdentityMatches, .incorrectPassphrase: return .usage
            default: return .failure
            }
        case let e as S3Error:
            switch e {
            case .credentials, .location: return .usage
            default: return .failure
            }
        case let e as NativeBackupError:
            // A folder that is not what the flag says, or cannot be read as asked: nothing was written.
            switch e {
            case .notABackup, .notADataDirectory, .severalRuns, .unknownDatabase, .inUse: return .usage
            default: return .failure
            }
        case let e as SchemaError:
            switch e {
            case .noSuchDatabase, .noSuchRetentionPolicy: return .usage
            default: return .failure
            }
        default: return .failure
        }
    }
}
