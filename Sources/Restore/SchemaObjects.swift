import ArchiveFormat
import Foundation
import InfluxAPI
import Logging
import Schema

/// Continuous queries (`--with-cqs`) and users with their grants (`--with-users`). What to do is
/// decided by pure functions of the archive and the destination's SHOW output (so `--dry-run`
/// reports exactly it); `apply` runs it after the data is written, so a CQ never runs over a
/// half-restored database.
struct SchemaObjects {
    let client: InfluxClient
    let logger: Logger

    typealias Selected = [(database: Manifest.Database, target: String)]

    /// What the destination has: CQs per database, and users with their privileges.
    struct Destination {
        var continuousQueries: [String: [String: String]] = [:]
        var users: [String: (admin: Bool, privileges: [String: String])] = [:]

        /// Read-only: SHOW CONTINUOUS QUERIES, SHOW USERS, SHOW GRANTS (for archived names only).
        static func read(_ discovery: SchemaDiscovery, cqs: Bool, users archived: [Manifest.User]?) throws -> Destination {
            var d = Destination()
            if cqs {
                for (db, list) in try discovery.continuousQueries() {
                    for cq in list { d.continuousQueries[db, default: [:]][cq.name] = cq.query }
                }
            }
            if let archived {
                let wanted = Set(archived.map(\.name))
                for (name, admin) in try discovery.users() where wanted.contains(name) {
                    let grants = try discovery.grants(user: name)
                    d.users[name] = (admin, Dictionary(grants.map { ($0.database, $0.privilege) }, uniquingKeysWith: { a, _ in a }))
                }
            }
            return d
        }
    }

    /// Checks before anything is written: CQs and users were recorded, and every password is for a user.
    static func check(_ header: Manifest, selected: Selected, options: RestoreOptions) throws {
        if options.withContinuousQueries, header.notes?.contains(Manifest.continuousQueriesNotSaved) == true {
            throw RestoreError.continuousQueriesNotRecorded
        }
        guard options.withUsers else { return }
        let passwords = Set(options.userPasswords.keys)
        guard let archived = header.users else {
            throw RestoreError.usersNotRecorded(note: header.notes?.first { $0 == Manifest.usersNotSaved })
        }
        let restored = Set(users(archived, selected: selected, destination: Destination(), passwords: passwords).map(\.name))
        for name in passwords.sorted() where !restored.contains(name) { throw RestoreError.unknownPasswordUser(name) }
    }

    static func continuousQueries(selected: Selected, destination: Destination) -> [RestorePlan.ContinuousQueryAction] {
        let map = Dictionary(selected.map { ($0.database.name, $0.target) }, uniquingKeysWith: { a, _ in a })
        var out: [RestorePlan.ContinuousQueryAction] = []
        for (db, target) in selected {
            for cq in db.continuousQueries {
                var action = RestorePlan.ContinuousQueryAction(
                    database: target, name: cq.name, action: .create, query: cq.query, reason: nil)
                do {
                    let r = try ContinuousQueryRewriter.rewrite(cq.query, map: map)
                    action.query = r.query
                    if !r.unmapped.isEmpty {
                        action.reason =
                            "names database \(r.unmapped.joined(separator: ", ")), which this restore does not include: left as written"
                    }
                } catch {
                    action.action = .refuse
                    action.reason = "its text cannot be rewritten for database \(target) (\(error)); create it by hand"
                }
                if let have = destination.continuousQueries[target]?[cq.name], action.action != .refuse {
                    action.action = have == action.query ? .exists : .differs
                    action.reason = have == action.query ? nil : "a continuous query of that name exists with another text: left as is"
                }
                out.append(action)
            }
        }
        return out
    }

    /// READ = 1, WRITE = 2, ALL = 3: a grant only ever adds to what a user has.
    private static func bits(_ p: String?) -> Int {
        switch p {
        case "READ": return 1;
        case "WRITE": return 2;
        case "ALL PRIVILEGES", "ALL": return 3;
        default: return 0
        }
    }
    private static let privilegeName = [1: "READ", 2: "WRITE", 3: "ALL PRIVILEGES"]

    /// Archived admins, and users with a privilege on a restored database (target names).
    static func users(
        _ archived: [Manifest.User], selected: Selected, destination: Destination,
        passwords: Set<String>
    ) -> [RestorePlan.UserAction] {
        let map = Dictionary(selected.map { ($0.database.name, $0.target) }, uniquingKeysWith: { a, _ in a })
        var out: [RestorePlan.UserAction] = []
        for u in archived {
            let onRestored = u.privileges.filter { map[$0.database] != nil }
            guard u.admin || !onRestored.isEmpty else { continue }
            let have = destination.users[u.name]
            var action = RestorePlan.UserAction(
                name: u.name, admin: u.admin, action: have == nil ? .create : .exists,
                disabled: have == nil && !passwords.contains(u.name), grants: [], warnings: [])
            for p in onRestored {
                let target = map[p.database]!
                let current = bits(have?.privileges[target])
                let wanted = current | bits(p.privilege)
                if wanted != current, let name = privilegeName[wanted] { action.grants.append(.init(database: target, privilege: name)) }
            }
            if let have {
                if u.admin && !have.admin {
                    action.warnings.append(
                        "archived as admin but exists without admin privilege: left as is (GRANT ALL PRIVILEGES TO \(InfluxQL.identifier(u.name)) to change that)"
                    )
                }
                if passwords.contains(u.name) { action.warnings.append("exists: the given password was not applied") }
            }
            out.append(action)
        }
        return out
    }

    /// What applying did: users created without a usable password, CQs refused.
    struct Outcome {
        var disabledUsers: [String] = []
        var refusedContinuousQueries: [String] = []
        var warnings: [String] = []
    }

    func apply(
        continuousQueries cqs: [RestorePlan.ContinuousQueryAction], users: [RestorePlan.UserAction],
        passwords: [String: String]
    ) throws -> Outcome {
        var outcome = Outcome()
        for u in users {
            if u.action == .create {
                try createUser(u, password: passwords[u.name])
                if u.disabled { outcome.disabledUsers.append(u.name) }
            }
            for g in u.grants {
                let privilege = g.privilege == "ALL PRIVILEGES" ? "ALL" : g.privilege
                try client.queryValues(
                    "GRANT \(privilege) ON \(InfluxQL.identifier(g.database)) TO \(InfluxQL.identifier(u.name))", post: true)
            }
            logger.info(
                "user restored", metadata: ["user": "\(u.name)", "created": "\(u.action == .create)", "grants": "\(u.grants.count)"])
            outcome.warnings += u.warnings.map { "user \(u.name): \($0)" }
        }
        for cq in cqs {
            switch cq.action {
            case .create:
                try client.queryValues(cq.query, post: true)
                logger.info("created continuous query", metadata: ["database": "\(cq.database)", "name": "\(cq.name)"])
                if let reason = cq.reason { outcome.warnings.append("continuous query \(cq.database)/\(cq.name): \(reason)") }
            case .refuse:
                outcome.refusedContinuousQueries.append("\(cq.database)/\(cq.name): \(cq.reason ?? "")")
            case .differs:
                outcome.warnings.append("continuous query \(cq.database)/\(cq.name): \(cq.reason ?? "exists")")
            default:
                break
            }
        }
        return outcome
    }

    /// CREATE USER with the given password or, without one, 32 random bytes nobody ever sees.
    /// The statement travels in the POST body; errors name the user, never the password.
    private func createUser(_ u: RestorePlan.UserAction, password given: String?) throws {
        var rng = SystemRandomNumberGenerator()
        let password = given ?? (0..<32).map { _ in String(format2: UInt8.random(in: 0...255, using: &rng)) }.joined()
        let user = InfluxQL.identifier(u.name)
        // InfluxQL strings cannot hold control characters; the server's parse error would quote
        // the password up to the first one, where `hide` could not find it.
        if Self.hasControlCharacter(password) {
            throw RestoreError.userNotCreated(
                user: u.name, message: "the password holds a control character (such as a line feed), which InfluxQL cannot carry")
        }
        let q = "CREATE USER \(user) WITH PASSWORD \(InfluxQL.string(password))\(u.admin ? " WITH ALL PRIVILEGES" : "")"
        do {
            try client.queryValues(q, post: true, describedAs: "CREATE USER \(user) WITH PASSWORD [hidden]")
        } catch {
            throw RestoreError.userNotCreated(user: u.name, message: Self.hide(password, in: "\(error)"))
        }
    }

    static func hasControlCharacter(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// `text` with every appearance of `secret` (raw or as an InfluxQL string) replaced.
    static func hide(_ secret: String, in text: String) -> String {
        guard !secret.isEmpty else { return text }
        let quoted = String(InfluxQL.string(secret).dropFirst().dropLast())
        return text.replacingOccurrences(of: quoted, with: "[hidden]").replacingOccurrences(of: secret, with: "[hidden]")
    }
}

private extension String {
    /// Two lowercase hex digits.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self.init([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
