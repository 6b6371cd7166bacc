/* UTF-8 validity: the one check every reader of outside text (HTTP
 * requests, imported files) uses. Overlong forms, surrogates and code
 * points past U+10FFFF are invalid. */
#ifndef FC_UTIL_UTF8_H
#define FC_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the UTF-8 sequence at S (N bytes available): >0 when valid, 0
 * when cut short by the end of input, -1 when invalid. */
int utf8_seq(const unsigned char *s, size_t n);
/* 1 when the N bytes at S are entirely valid UTF-8; else 0, and
 * *BAD_OFFSET (may be NULL) gets the offset of the first invalid byte. */
int utf8_valid(const char *s, size_t n, size_t *bad_offset);

#endif
