internal import CArchive
import Foundation

/// Unpacks one `<stamp>.s<id>.tar.gz` of a portable backup with libarchive: its members are
/// `<db>/<rp>/<id>/<file>` (the shard's TSM files and their tombstones, as the server's snapshot
/// hard-linked them). Files are written flat into a folder by their names. A member that is not
/// a regular file, whose folder is not the shard's ID, or whose name is empty or hidden is
/// refused, so nothing is written outside the folder and no other shard's file is taken.
enum ShardArchive {
    /// The files unpacked into `folder`, by name.
    static func unpack(_ path: String, shardID: UInt64, into folder: String) throws(NativeBackupError) -> [String] {
        guard let archive = archive_read_new() else { throw .archiveUnreadable(path: path, message: "libarchive: out of memory") }
        defer { archive_read_free(archive) }
        archive_read_support_filter_gzip(archive)
        archive_read_support_format_tar(archive)
        guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else { throw failure(archive, path) }
        var names: [String] = []
        var entry: OpaquePointer? = nil
        while true {
            let r = archive_read_next_header(archive, &entry)
            if r == ARCHIVE_EOF { break }
            guard r == ARCHIVE_OK || r == ARCHIVE_WARN, let entry else { throw failure(archive, path) }
            let member = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            guard ifd_archive_entry_is_regular(entry) != 0 else {
                if ifd_archive_entry_is_directory(entry) != 0 { continue }
                throw .archiveUnreadable(path: path, message: "member \(member) is not a regular file")
            }
            let parts = member.split(separator: "/").map(String.init)
            let name = parts.last ?? ""
            guard !name.isEmpty, name != "..", name != ".", !name.hasPrefix(".") else {
                throw .archiveUnreadable(path: path, message: "member \(member) has no usable file name")
            }
            guard parts.count >= 2, parts[parts.count - 2] == String(shardID) else {
                throw .archiveUnreadable(path: path, message: "member \(member) is not in the folder of shard \(shardID)")
            }
            try write(archive, to: folder + "/" + name, member: member, archive: path)
            names.append(name)
        }
        return names
    }

    /// Copies the current member's data into a new file (never over an existing one).
    private static func write(_ archive: OpaquePointer, to target: String, member: String, archive path: String) throws(NativeBackupError) {
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: target, operation: "create", message: String(cString: strerror(errno))) }
        defer { close(fd) }
        // archive_read_data_into_fd streams the member in libarchive's own bounded buffer.
        guard archive_read_data_into_fd(archive, fd) == ARCHIVE_OK else {
            throw .archiveUnreadable(path: path, message: "member \(member): \(message(archive))")
        }
    }

    private static func failure(_ archive: OpaquePointer, _ path: String) -> NativeBackupError {
        .archiveUnreadable(path: path, message: message(archive))
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error \(archive_errno(archive))"
    }
}
