/* JSON written into a struct buf without a tree: see json-write.h. The
 * escaping and number forms follow jansson's dump.c and strconv.c so that
 * an answer written here is byte for byte what json_dump*() would give;
 * tests/unit/util/test-json-write.c and tests/fuzz/fuzz-json-write.c
 * compare the two. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/json-write.h"
#include "util/utf8.h"
#include "util/banned.h"

void jw_init(struct jw *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

/* The comma before a value or a key, unless it is the first of its
 * container or follows its key. */
static void separate(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0 && w->depth <= JW_DEPTH_MAX) {
		if (w->started[w->depth - 1])
			buf_addch(w->out, ',');
		w->started[w->depth - 1] = 1;
	}
}

static void open_container(struct jw *w, char c)
{
	separate(w);
	buf_addch(w->out, c);
	if (w->depth < JW_DEPTH_MAX)
		w->started[w->depth] = 0;
	w->depth++;
}

static void close_container(struct jw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	buf_addch(w->out, c);
}

void jw_object_begin(struct jw *w) { open_container(w, '{'); }
void jw_object_end(struct jw *w) { close_container(w, '}'); }
void jw_array_begin(struct jw *w) { open_container(w, '['); }
void jw_array_end(struct jw *w) { close_container(w, ']'); }

void jw_key(struct jw *w, const char *key)
{
	separate(w);
	json_escape(w->out, key, strlen(key));
	buf_addch(w->out, ':');
	w->after_key = 1;
}

void jw_key_text(struct jw *w, const char *text, size_t n)
{
	separate(w);
	buf_add(w->out, text, n);
	w->after_key = 1;
}

void jw_string(struct jw *w, const char *s)
{
	jw_string_n(w, s, strlen(s));
}

void jw_string_n(struct jw *w, const char *s, size_t n)
{
	separate(w);
	json_escape(w->out, s, n);
}

/* Digits written backwards by hand: snprintf() costs more than the rest
 * of writing an id. */
void jw_int(struct jw *w, int64_t v)
{
	char num[24], *p = num + sizeof(num);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	separate(w);
	buf_add(w->out, p, (size_t)(num + sizeof(num) - p));
}

void jw_real(struct jw *w, double v)
{
	separate(w);
	json_real_text(w->out, v);
}

void jw_bool(struct jw *w, int v)
{
	separate(w);
	buf_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	separate(w);
	buf_adds(w->out, "null");
}

/* V written as jansson's json_dump*() writes it with this writer's flags:
 * an object's members in jansson's iteration order (the order they were
 * set), which is also the order its dump follows without JSON_SORT_KEYS.
 * Walked here rather than dumped by jansson, whose writer hands each piece
 * of a string to a callback: a whole answer of text costs it several
 * times what json_escape() does. */
static void write_tree(struct buf *out, const json_t *v)
{
	size_t i;
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		/* jansson's iterators take the object as mutable; read only */
		json_t *o = (json_t *)v;
		void *it = json_object_iter(o);
		buf_addch(out, '{');
		for (i = 0; it; i++, it = json_object_iter_next(o, it)) {
			if (i)
				buf_addch(out, ',');
			json_escape(out, json_object_iter_key(it),
				    json_object_iter_key_len(it));
			buf_addch(out, ':');
			write_tree(out, json_object_iter_value(it));
		}
		buf_addch(out, '}');
		break;
	}
	case JSON_ARRAY:
		buf_addch(out, '[');
		for (i = 0; i < json_array_size(v); i++) {
			if (i)
				buf_addch(out, ',');
			write_tree(out, json_array_get(v, i));
		}
		buf_addch(out, ']');
		break;
	case JSON_STRING:
		json_escape(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER: {
		struct jw digits;
		jw_init(&digits, out);
		jw_int(&digits, json_integer_value(v));
		break;
	}
	case JSON_REAL:
		json_real_text(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(out, "true");
		break;
	case JSON_FALSE:
		buf_adds(out, "false");
		break;
	case JSON_NULL:
		buf_adds(out, "null");
		break;
	}
}

void jw_value(struct jw *w, const json_t *v)
{
	if (!v) {
		jw_null(w);
		return;
	}
	separate(w);
	write_tree(w->out, v);
}

void jw_raw(struct jw *w, const char *text, size_t n)
{
	separate(w);
	buf_add(w->out, text, n);
}

static void add_u(struct buf *out, unsigned cp)
{
	char seq[8];
	int n = snprintf(seq, sizeof(seq), "\\u%04X", cp);
	buf_add(out, seq, (size_t)n);
}

/* The code point of the valid sequence of LEN bytes at S. */
static unsigned decode(const unsigned char *s, int len)
{
	switch (len) {
	case 1:
		return s[0];
	case 2:
		return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	case 3:
		return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) |
		       (s[2] & 0x3Fu);
	default:
		return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
		       ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
	}
}

/* Whether one of the eight bytes of W must be escaped: below 0x20, from
 * 0x80 on, '"' or '\\' (the exact tests of "has a zero byte" and "has a
 * byte below N" on a whole word). */
static int word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, highs = ones * 0x80;
	uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
	return ((w | ((w - ones * 0x20) & ~w) |
		 ((quote - ones) & ~quote) |
		 ((backslash - ones) & ~backslash)) & highs) != 0;
}

void json_escape(struct buf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;	/* bytes at s + run .. s + i pass as they are */

	buf_addch(out, '"');
	while (i < n) {
		unsigned char c;
		uint64_t w;
		/* most text passes as it is: eight bytes a step */
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if (!word_needs_escape(w)) {
				i += 8;
				continue;
			}
		}
		c = s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		buf_add(out, s + run, i - run);
		if (c < 0x80) {
			switch (c) {
			case '"': buf_add(out, "\\\"", 2); break;
			case '\\': buf_add(out, "\\\\", 2); break;
			case '\b': buf_add(out, "\\b", 2); break;
			case '\f': buf_add(out, "\\f", 2); break;
			case '\n': buf_add(out, "\\n", 2); break;
			case '\r': buf_add(out, "\\r", 2); break;
			case '\t': buf_add(out, "\\t", 2); break;
			default: add_u(out, c); break;
			}
			i++;
		} else {
			int len = utf8_seq(s + i, n - i);
			if (len <= 0) {
				add_u(out, 0xFFFD);
				i++;
			} else {
				unsigned cp = decode(s + i, len);
				if (cp < 0x10000) {
					add_u(out, cp);
				} else {
					cp -= 0x10000;
					add_u(out, 0xD800 | (cp >> 10));
					add_u(out, 0xDC00 | (cp & 0x3FF));
				}
				i += (size_t)len;
			}
		}
		run = i;
	}
	buf_add(out, s + run, i - run);
	buf_addch(out, '"');
}

void json_real_text(struct buf *out, double v)
{
	char num[64];
	int n = snprintf(num, sizeof(num), "%.17g", v);
	if (n < 0 || (size_t)n >= sizeof(num) - 3)
		return;
	/* a dot or an exponent, or it would read back as an integer */
	if (!strchr(num, '.') && !strchr(num, 'e')) {
		memcpy(num + n, ".0", 3);
		n += 2;
	}
	/* no '+' and no leading zeros in the exponent: "1e+20" -> "1e20" */
	char *start = strchr(num, 'e');
	if (start) {
		char *end;
		start++;
		end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)(n - (end - num)) + 1);
			n -= (int)(end - start);
		}
	}
	buf_add(out, num, (size_t)n);
}
