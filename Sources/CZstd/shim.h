#ifndef INFLUXDUMP_CZSTD_SHIM_H
#define INFLUXDUMP_CZSTD_SHIM_H
// libzstd's streaming API is plain C and imports cleanly; the shim only pins the header
// (ZSTD_STATIC_LINKING_ONLY is not needed: we use the stable streaming API).
#include <zstd.h>
#include <zstd_errors.h>

// ZSTD_isError returns unsigned; this keeps the "is it an error" test in one readable place.
static inline int ifd_zstd_failed(size_t code) { return ZSTD_isError(code) ? 1 : 0; }

#endif
