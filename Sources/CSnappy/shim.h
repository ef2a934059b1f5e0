#ifndef INFLUXDUMP_CSNAPPY_SHIM_H
#define INFLUXDUMP_CSNAPPY_SHIM_H
// Guard above: the module map and any C code in the package may both pull this header in.

// TSM string blocks are raw (unframed) snappy; libsnappy's plain C API covers exactly that
// (snappy_uncompressed_length, snappy_uncompress, and snappy_compress for the test encoders),
// so Swift imports the system header directly instead of wrapping the C++ API.
#include <snappy-c.h>

#endif
