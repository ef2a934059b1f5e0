#ifndef INFLUXDUMP_CARCHIVE_SHIM_H
#define INFLUXDUMP_CARCHIVE_SHIM_H
// libarchive reads the `<stamp>.s<id>.tar.gz` shard archives of `influxd backup -portable`:
// gzip and the tar format are its job, not influxdump's. Its API is plain C and imports cleanly.
#include <archive.h>
#include <archive_entry.h>

// la_int64_t and la_ssize_t are typedefs that vary by platform; the shim pins the Swift types.
static inline long long ifd_archive_entry_size(struct archive_entry *entry) {
    return (long long)archive_entry_size(entry);
}

// AE_IFREG and AE_IFDIR are casts in macros, which Swift does not import.
static inline int ifd_archive_entry_is_regular(struct archive_entry *entry) {
    return archive_entry_filetype(entry) == AE_IFREG;
}
static inline int ifd_archive_entry_is_directory(struct archive_entry *entry) {
    return archive_entry_filetype(entry) == AE_IFDIR;
}

#endif
