/* The string builder; see buf.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

char buf_empty_[1];

void buf_init(struct buf *b, size_t cap)
{
	b->s = buf_empty_;
	b->len = b->alloc = 0;
	b->cap = cap;
	b->overflow = 0;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->s);
	buf_init(b, b->cap);
}

void buf_clear(struct buf *b)
{
	b->len = 0;
	b->overflow = 0;
	if (b->alloc)
		b->s[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *s = b->alloc ? b->s : xstrdup("");
	buf_init(b, b->cap);
	return s;
}

static size_t cap_of(const struct buf *b)
{
	return b->cap ? b->cap : BUF_DEFAULT_CAP;
}

static void grow(struct buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < want)
		n *= 2;
	if (b->alloc)
		b->s = xrealloc(b->s, n);
	else
		b->s = xmalloc(n);
	b->alloc = n;
}

int buf_add_grow(struct buf *b, const void *data, size_t n)
{
	int rc = 0;
	size_t room = cap_of(b) - b->len;
	if (n > room) {
		n = room;
		b->overflow = 1;
		rc = -1;
	}
	grow(b, n);
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
	return rc;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	char small[256];
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	int rc = buf_add(b, big, (size_t)n);
	free(big);
	return rc;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void buf_setlen(struct buf *b, size_t len)
{
	if (len > b->len)
		FC_BUG("buf_setlen beyond length");
	b->len = len;
	if (b->alloc)
		b->s[len] = '\0';
}
