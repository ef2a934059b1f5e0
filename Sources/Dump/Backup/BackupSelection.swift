import ArchiveFormat
import LineProtocol
import NativeBackup
import Support

/// What of a backup's metastore a dump takes: the databases asked for (all but `_internal` when
/// none is), their RPs by name or /regex/, the live shard groups that reach into `[start, end)`,
/// and the users an HTTP dump of the same databases would record.
struct BackupSelection {
    struct Group {
        let database: String
        let retentionPolicy: String
        let group: MetaSnapshot.ShardGroup
    }

    var databases: [MetaSnapshot.Database] = []
    /// Per database, the RPs taken.
    var retentionPolicies: [String: [MetaSnapshot.RetentionPolicy]] = [:]
    var groups: [Group] = []
    var users: [Manifest.User] = []

    var shardIDs: [UInt64] { groups.flatMap(\.group.shardIDs) }

    init(_ meta: MetaSnapshot, options: DumpOptions, path: String) throws {
        let known = meta.databases.map(\.name)
        for name in options.databases where !known.contains(name) {
            throw NativeBackupError.unknownDatabase(path: path, name: name, known: known.sorted())
        }
        let wanted = options.databases.isEmpty ? known.filter { $0 != "_internal" } : options.databases
        let rpFilter = try NameFilter(including: options.retentionPolicies)
        for db in meta.databases where wanted.contains(db.name) {
            databases.append(db)
            let rps = db.retentionPolicies.filter { rpFilter.accepts($0.name) }
            retentionPolicies[db.name] = rps
            for rp in rps {
                for g in rp.shardGroups where g.end > (options.start ?? .min) && g.start < (options.end ?? .max) {
                    groups.append(Group(database: db.name, retentionPolicy: rp.name, group: g))
                }
            }
        }
        users = Self.users(meta.users, databases: databases.map(\.name))
    }

    /// Every admin and every user with a privilege on a taken database, with those privileges
    /// only, spelled as SHOW GRANTS spells them; never a password hash (none is read).
    static func users(_ all: [MetaSnapshot.User], databases: [String]) -> [Manifest.User] {
        let names = [1: "READ", 2: "WRITE", 3: "ALL PRIVILEGES"]
        var out: [Manifest.User] = []
        for user in all {
            let privileges = user.privileges.filter { databases.contains($0.key) }.sorted { $0.key < $1.key }
                .compactMap { p in names[p.value].map { Manifest.Privilege(database: p.key, privilege: $0) } }
            if user.admin || !privileges.isEmpty { out.append(Manifest.User(name: user.name, admin: user.admin, privileges: privileges)) }
        }
        return out.sorted { $0.name < $1.name }
    }
}
