import AgeEncryption
import ArgumentParser
import Foundation
import InfluxDump

/// `--recipient` / `--recipients-file`: encrypt what `dump` writes with age (public keys only:
/// they may appear anywhere).
struct RecipientOptions: ParsableArguments {
    @Option(
        name: .customLong("recipient"),
        help: ArgumentHelp(
            "Encrypt the archive to this age public key (age1…, from age-keygen); repeatable. Segments and manifest become age files (`age -d` reads them).",
            valueName: "age1…"))
    var recipients: [String] = []

    @Option(
        name: .customLong("recipients-file"),
        help: ArgumentHelp("Encrypt to every age public key in this file (one per line, # comments); repeatable.", valueName: "file"))
    var recipientsFiles: [String] = []

    func recipientKeys() throws -> [AgeRecipient] {
        var keys = try recipients.map { try AgeRecipient(parsing: $0, source: "--recipient") }
        for file in recipientsFiles { keys += try AgeRecipientsFile.load(file) }
        return keys
    }
}

/// `--identity`: the age secret keys that open encrypted archives. Never on the command line
/// itself: only the file's name is, and the keys never appear in any output.
struct IdentityOptions: ParsableArguments {
    @Option(
        name: .customLong("identity"),
        help: ArgumentHelp(
            "Decrypt encrypted archives with the age identities in this file (age-keygen output); repeatable (default: $INFLUXDUMP_IDENTITY_FILE).",
            valueName: "file"))
    var identityFiles: [String] = []

    func identities(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [AgeIdentity] {
        let files = identityFiles.isEmpty ? (environment["INFLUXDUMP_IDENTITY_FILE"].map { [$0] } ?? []) : identityFiles
        var out: [AgeIdentity] = []
        for file in files {
            let loaded = try AgeIdentityFile.load(file)
            if loaded.readableByOthers { Console.warn("identity file \(file) is readable by other users (chmod 600 it)") }
            out += loaded.identities
        }
        return out
    }

    /// The keys for reading, plus `recipients` for writing.
    func keys(recipients: [AgeRecipient] = []) throws -> ArchiveKeys {
        ArchiveKeys(recipients: recipients, identities: try identities())
    }
}
