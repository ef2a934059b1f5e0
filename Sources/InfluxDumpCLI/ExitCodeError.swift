/// Ends a command with a status after it printed its own findings (verify, run); `message` is
/// for the JSON report's `error` only.
struct ExitCodeError: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String?
    var description: String { message ?? "exit \(status.rawValue)" }
}
