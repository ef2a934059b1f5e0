import Foundation
import Support
import XCTest

@testable import AgeEncryption

/// Records what a stage hands on, to check that nothing unauthenticated got through.
final class RecordingSink: ByteSink {
    private(set) var bytes: [UInt8] = []
    private(set) var writes = 0
    private(set) var finishes = 0
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
        writes += 1
    }
    func finish() throws { finishes += 1 }
}

enum AgeTestData {
    /// Deterministic pseudo-random bytes (xorshift), so a failure can be replayed.
    static func bytes(_ n: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        var out = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            out[i] = UInt8(truncatingIfNeeded: x)
        }
        return out
    }

    /// Feeds `input` to `sink` in pieces of random sizes (1 byte to 3 chunks), then finishes it.
    static func feed(_ input: [UInt8], to sink: ByteSink, seed: UInt64, maxPiece: Int = 3 * 65536 + 7) throws {
        var x = seed | 1
        var i = 0
        while i < input.count {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            // Mostly small pieces, some large, so chunk and header boundaries fall inside pieces.
            let limit = x % 4 == 0 ? maxPiece : 100
            let n = min(input.count - i, 1 + Int((x >> 8) % UInt64(limit)))
            try input[i..<(i + n)].withUnsafeBytes { try sink.write($0) }
            i += n
        }
        try sink.finish()
    }

    /// The header's length: through the LF of its `--- ` line.
    static func headerSize(_ file: [UInt8]) -> Int {
        let text = Array("\n--- ".utf8)
        var i = 0
        while i + text.count <= file.count, !file[i..<(i + text.count)].elementsEqual(text) { i += 1 }
        guard let newline = file[(i + 1)...].firstIndex(of: 0x0A) else { return -1 }
        return newline + 1
    }

    static func encrypt(_ plain: [UInt8], to recipients: [AgeRecipient], seed: UInt64 = 7) throws -> [UInt8] {
        let out = MemorySink()
        try feed(plain, to: AgeEncryptingSink(recipients: recipients, next: out), seed: seed)
        return out.bytes
    }

    /// Decrypts through the sink; returns what it handed on and the error, if any.
    static func decrypt(_ file: [UInt8], identities: [AgeIdentity], name: String = "t1/seg.age", seed: UInt64 = 11) -> (
        sink: RecordingSink, error: AgeError?
    ) {
        let out = RecordingSink()
        let sink = AgeDecryptingSink(identities: identities, next: out, name: name)
        do {
            try feed(file, to: sink, seed: seed)
            return (out, nil)
        } catch {
            return (out, error as? AgeError)
        }
    }
}

/// The real age CLI (Debian package `age`), for the interoperability tests.
enum AgeCLI {
    static func path(_ tool: String) throws -> String {
        for dir in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)")
        {
            return "\(dir)/\(tool)"
        }
        XCTFail("\(tool) not found: the interop tests need the real age CLI; run scripts/install-deps.sh (it installs age)")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Runs `tool args`; fails the test unless it exits 0. Returns standard output.
    @discardableResult
    static func run(_ tool: String, _ args: [String]) throws -> String {
        String(decoding: try runForBytes(tool, args), as: UTF8.self)
    }

    /// Runs `tool args` and returns standard output's bytes (age -d writes no file for an empty plaintext).
    static func runForBytes(_ tool: String, _ args: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(tool))
        process.arguments = args
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self)
            XCTFail("\(tool) \(args.joined(separator: " ")) exited \(process.terminationStatus): \(message)")
            throw CocoaError(.fileReadUnknown)
        }
        return Array(output)
    }

    /// Runs age on a pseudo-terminal (util-linux `script`), typing `lines`: age reads passphrases
    /// only from a terminal. Fails the test unless it exits 0.
    static func runOnTerminal(_ args: [String], typing lines: [String]) throws {
        let command = ([try path("age")] + args).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "age \(args.joined(separator: " ")) on a terminal")
    }

    /// A new key from age-keygen: the file's path and its recipient (public key).
    static func keygen(_ path: String) throws -> String {
        try run("age-keygen", ["-o", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# public key: ") }) else {
            XCTFail("age-keygen wrote no public key comment")
            throw CocoaError(.fileReadCorruptFile)
        }
        return String(line.dropFirst("# public key: ".count))
    }
}
