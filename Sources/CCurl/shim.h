#ifndef INFLUXDUMP_CCURL_SHIM_H
#define INFLUXDUMP_CCURL_SHIM_H
// curl_easy_setopt / curl_easy_getinfo are C variadic functions, which Swift cannot call.
// Each wrapper below fixes one argument type so the call is type-checked on both sides.
#include <curl/curl.h>

typedef size_t (*ifd_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);

// Options taking a long (timeouts, flags, HTTP version, verify switches).
static inline CURLcode ifd_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
// Options taking a C string (URL, user, password, CA file); curl copies the string.
static inline CURLcode ifd_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
// Options taking an opaque pointer (WRITEDATA, READDATA, header lists, POSTFIELDS).
static inline CURLcode ifd_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
// Options taking a curl_off_t (POSTFIELDSIZE_LARGE, INFILESIZE_LARGE).
static inline CURLcode ifd_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
// WRITEFUNCTION / READFUNCTION / HEADERFUNCTION: all share the fwrite-like signature.
static inline CURLcode ifd_curl_setopt_callback(CURL *h, CURLoption o, ifd_curl_data_cb cb) { return curl_easy_setopt(h, o, cb); }
// getinfo for long results (response code).
static inline CURLcode ifd_curl_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }

// CURLAUTH_BASIC and CURL_GLOBAL_ALL are cast-expression macros that Swift does not import.
static const unsigned long IFD_CURLAUTH_BASIC = CURLAUTH_BASIC;
static const long IFD_CURL_GLOBAL_ALL = CURL_GLOBAL_ALL;

#endif
