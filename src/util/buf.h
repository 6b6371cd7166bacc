/* struct buf: the one growable string. Never NULL once initialised, always
 * NUL-terminated, and capped so client input cannot grow it without bound
 * (git's strbuf, curl's dynbuf). */
#ifndef FC_UTIL_BUF_H
#define FC_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *s;	/* always valid; "" until something is added */
	size_t len;
	size_t alloc;
	size_t cap;	/* most bytes it may hold; 0 means BUF_DEFAULT_CAP */
	int overflow;	/* set when an append was cut at the cap */
};

#define BUF_DEFAULT_CAP ((size_t)1 << 30)
#define BUF_INIT { buf_empty_, 0, 0, 0, 0 }
extern char buf_empty_[];

void buf_init(struct buf *b, size_t cap);
void buf_release(struct buf *b);
void buf_clear(struct buf *b);
/* Hands the string to the caller (heap, free()); B is left empty. */
char *buf_detach(struct buf *b);

/* buf_add() when the bytes do not fit in what is allocated. */
int buf_add_grow(struct buf *b, const void *data, size_t n);

/* Appends; past the cap the data is cut and b->overflow set. Return 0, or -1
 * when the cap was hit. Inline for the common case, bytes that fit in what
 * is allocated: a JSON answer is written a few bytes at a time. */
static inline int buf_add(struct buf *b, const void *data, size_t n)
{
	if (n < b->alloc - b->len &&
	    b->len + n <= (b->cap ? b->cap : BUF_DEFAULT_CAP)) {
		memcpy(b->s + b->len, data, n);
		b->len += n;
		b->s[b->len] = '\0';
		return 0;
	}
	return buf_add_grow(b, data, n);
}

static inline int buf_addch(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_adds(struct buf *b, const char *s);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_setlen(struct buf *b, size_t len);

#endif
