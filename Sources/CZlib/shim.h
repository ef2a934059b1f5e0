#ifndef INFLUXDUMP_CZLIB_SHIM_H
#define INFLUXDUMP_CZLIB_SHIM_H
// zlib gives the two things a TSM shard needs that are not TSM: the CRC-32 (IEEE) that guards
// every block, and gunzip for tombstone files (v3/v4 are gzip members after a 4-byte header).
#include <zlib.h>

// inflateInit2 is a macro over inflateInit2_ (version and struct size), which Swift cannot call.
// windowBits 15 + 32: detect a gzip or zlib header; one member per inflate stream (the caller
// resets for the next member of a v4 tombstone file).
static inline int ifd_zlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
