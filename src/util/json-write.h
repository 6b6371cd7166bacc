/* struct jw: JSON written straight into a struct buf, for answers too large
 * to build as a jansson tree first (a list page is thousands of values).
 * The bytes are exactly those of jansson's json_dump*() with JSON_COMPACT |
 * JSON_ENSURE_ASCII, the flags every HTTP answer is written with: strings
 * escaped as jansson escapes them (non-ASCII as \uXXXX, surrogate pairs
 * above U+FFFF), integers as %lld, reals as jansson's %.17g form. A
 * string that is not valid UTF-8 (jansson would refuse it) has each bad
 * byte written as \uFFFD. */
#ifndef FC_UTIL_JSON_WRITE_H
#define FC_UTIL_JSON_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/buf.h"

#define JW_DEPTH_MAX 32

struct jw {
	struct buf *out;
	int depth;
	int after_key;			/* the next value follows "key": */
	unsigned char started[JW_DEPTH_MAX];	/* a value was written at depth */
};

void jw_init(struct jw *w, struct buf *out);

void jw_object_begin(struct jw *w);
void jw_object_end(struct jw *w);
void jw_array_begin(struct jw *w);
void jw_array_end(struct jw *w);
/* The key of the next value of the open object. */
void jw_key(struct jw *w, const char *key);
/* A key as jw_key() writes it, quoted and with its colon, made once for
 * keys written again and again (the fields of every row of a page). */
void jw_key_text(struct jw *w, const char *text, size_t n);

void jw_string(struct jw *w, const char *s);
void jw_string_n(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, int64_t v);
void jw_real(struct jw *w, double v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* A jansson value, dumped with the same flags (NULL writes null). */
void jw_value(struct jw *w, const json_t *v);
/* TEXT (N bytes), a value already written by this writer's rules. */
void jw_raw(struct jw *w, const char *text, size_t n);

/* S (N bytes) as a quoted JSON string, appended to OUT. */
void json_escape(struct buf *out, const char *s, size_t n);
/* V as jansson writes a real (at least "x.0"), appended to OUT. */
void json_real_text(struct buf *out, double v);

#endif
