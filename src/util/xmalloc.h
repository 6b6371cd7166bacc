/* Allocation that never returns NULL: out of memory aborts (git's xmalloc). */
#ifndef FC_UTIL_XMALLOC_H
#define FC_UTIL_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow ARR (of ALLOC elements) to hold at least N elements. */
#define ALLOC_GROW(arr, n, alloc) do { \
	if ((n) > (alloc)) { \
		size_t alloc_grow_new_ = (alloc) ? (alloc) * 2 : 16; \
		while (alloc_grow_new_ < (n)) \
			alloc_grow_new_ *= 2; \
		(arr) = xrealloc((arr), alloc_grow_new_ * sizeof(*(arr))); \
		(alloc) = alloc_grow_new_; \
	} \
} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* For states that cannot happen; prints where and aborts (git's BUG()). */
#define FC_BUG(...) fc_bug(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void fc_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
