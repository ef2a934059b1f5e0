#ifndef INFLUXDUMP_CZSTD_SHIM_H
#define INFLUXDUMP_CZSTD_SHIM_H
// libzstd's streaming API is plain C and imports cleanly; the shim pins the header and names
// the one experimental parameter influxdump sets.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>

// Always Huffman-code literals, even when targetLength speeds up the match finder (zstd turns
// literal compression off for such "fast" settings; on line protocol that doubles the size).
// An error code from a libzstd without the parameter makes the caller skip the speed-up.
// (zstd 1.5.1 renamed the value ZSTD_lcm_huffman to ZSTD_ps_enable; both are 1.)
static inline size_t ifd_zstd_force_literal_compression(ZSTD_CCtx *cctx) {
#if ZSTD_VERSION_NUMBER >= 10501
    return ZSTD_CCtx_setParameter(cctx, ZSTD_c_literalCompressionMode, ZSTD_ps_enable);
#else
    return ZSTD_CCtx_setParameter(cctx, ZSTD_c_literalCompressionMode, ZSTD_lcm_huffman);
#endif
}

// ZSTD_isError returns unsigned; this keeps the "is it an error" test in one readable place.
static inline int ifd_zstd_failed(size_t code) { return ZSTD_isError(code) ? 1 : 0; }

#endif
