import Foundation
import InfluxDump

#if canImport(Glibc)
    import Glibc
#endif

/// Runs processes for the tests with posix_spawn and waitpid. (Foundation's Process could hang
/// in waitUntilExit here when the child left a background grandchild running.)
enum Shell {
    struct Output { var status: Int32; var stdout: String; var stderr: String; var stdoutBytes: Data }

    /// A spawned child: pid plus the parent's ends of its output pipes.
    struct Child {
        var pid: pid_t
        var outputs: [Int32]
    }

    /// Spawns `path args` with stdin from `stdinFD` (or /dev/null) and, per requested capture,
    /// a pipe for stdout/stderr; `stdoutFD` sends stdout to an existing descriptor instead.
    static func spawn(
        _ path: String, _ args: [String], environment: [String: String]?, stdinFD: Int32?, stdoutFD: Int32?,
        closeInChild: [Int32]
    ) throws -> Child {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var outputs: [Int32] = []
        var childEnds: [Int32] = []
        if let fd = stdinFD {
            posix_spawn_file_actions_adddup2(&actions, fd, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        for target: Int32 in [1, 2] {
            if target == 1, let fd = stdoutFD { posix_spawn_file_actions_adddup2(&actions, fd, 1); continue }
            var fds: [Int32] = [0, 0]
            guard Glibc.pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&actions, fds[1], target)
            outputs.append(fds[0])
            childEnds.append(fds[1])
            posix_spawn_file_actions_addclose(&actions, fds[0])
        }
        for fd in closeInChild + childEnds { posix_spawn_file_actions_addclose(&actions, fd) }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        for fd in childEnds { close(fd) }
        guard rc == 0 else { outputs.forEach { close($0) }; throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return Child(pid: pid, outputs: outputs)
    }

    /// Reads every descriptor to end of file concurrently (so no pipe fills and blocks a child).
    static func drain(_ fds: [Int32]) -> [Data] {
        let results = Locked([Int: Data]())
        let group = DispatchGroup()
        for (i, fd) in fds.enumerated() {
            group.enter()
            Thread {
                var data = Data()
                var buf = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = read(fd, &buf, buf.count)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    data.append(contentsOf: buf[0..<n])
                }
                close(fd)
                results.with { $0[i] = data }
                group.leave()
            }.start()
        }
        group.wait()
        return fds.indices.map { results.snapshot[$0] ?? Data() }
    }

    /// Validates a manifest against formats/manifest.schema.json with python's jsonschema.
    static func validateManifest(_ path: String) throws -> Output {
        try run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
                path, TestServer.repositoryRoot + "/formats/manifest.schema.json",
            ])
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    static func run(_ path: String, _ args: [String], environment: [String: String]? = nil, stdinFD: Int32? = nil) throws -> Output {
        let child = try spawn(path, args, environment: environment, stdinFD: stdinFD, stdoutFD: nil, closeInChild: [])
        let data = drain(child.outputs)
        let status = wait(child.pid)
        return Output(
            status: status, stdout: String(decoding: data[0], as: UTF8.self),
            stderr: String(decoding: data[1], as: UTF8.self), stdoutBytes: data[0])
    }

    /// `a | b`, returning both outputs.
    static func pipe(_ a: (String, [String]), _ b: (String, [String]), environment: [String: String]? = nil) throws -> (Output, Output) {
        var link: [Int32] = [0, 0]
        guard Glibc.pipe(&link) == 0 else { throw POSIXError(.EMFILE) }
        let ca = try spawn(a.0, a.1, environment: environment, stdinFD: nil, stdoutFD: link[1], closeInChild: [link[0], link[1]])
        // ca has no stdout pipe of ours: outputs = [stderr]
        let cb = try spawn(b.0, b.1, environment: environment, stdinFD: link[0], stdoutFD: nil, closeInChild: [link[0], link[1]])
        close(link[0]); close(link[1])
        let data = drain(ca.outputs + cb.outputs)
        let sa = wait(ca.pid), sb = wait(cb.pid)
        return (
            Output(status: sa, stdout: "", stderr: String(decoding: data[0], as: UTF8.self), stdoutBytes: Data()),
            Output(
                status: sb, stdout: String(decoding: data[1], as: UTF8.self), stderr: String(decoding: data[2], as: UTF8.self),
                stdoutBytes: data[1])
        )
    }
}
