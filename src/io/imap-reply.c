/* Reading IMAP answers; see imap-reply.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/imap-reply.h"
#include "util/banned.h"

/* UIDs are 32-bit and non-zero (RFC 3501, 2.3.1.1). */
#define UID_MAX 4294967295LL

/* The next line of TEXT from *AT: its start and length, or NULL at the
 * end. */
static const char *next_line(const char *text, size_t len, size_t *at,
			     size_t *n)
{
	const char *start, *nl;
	if (*at >= len)
		return NULL;
	start = text + *at;
	nl = memchr(start, '\n', len - *at);
	*n = nl ? (size_t)(nl - start) : len - *at;
	*at += *n + (nl != NULL);
	if (*n && start[*n - 1] == '\r')
		(*n)--;
	return start;
}

/* Case-insensitive: does LINE (N bytes) start with WORD? */
static int starts(const char *line, size_t n, const char *word)
{
	size_t w = strlen(word);
	if (n < w)
		return 0;
	for (size_t i = 0; i < w; i++) {
		char c = line[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != word[i])
			return 0;
	}
	return 1;
}

/* The decimal number at LINE[*I] (N bytes), at most UID_MAX; -1 when there
 * is none there or it is too big. Moves *I past the digits. */
static int64_t number(const char *line, size_t n, size_t *i)
{
	int64_t v = 0;
	size_t start = *i;
	while (*i < n && line[*i] >= '0' && line[*i] <= '9') {
		v = v * 10 + (line[*i] - '0');
		if (v > UID_MAX) {
			while (*i < n && line[*i] >= '0' && line[*i] <= '9')
				(*i)++;
			return -1;
		}
		(*i)++;
	}
	return *i > start ? v : -1;
}

static int cmp_uid(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

size_t imap_search_uids(const char *text, size_t len, int64_t after,
			int64_t *uids, size_t max)
{
	size_t at = 0, n, got = 0, kept;
	const char *line;
	if (!max)
		return 0;
	while ((line = next_line(text, len, &at, &n))) {
		size_t i = 9;
		if (!starts(line, n, "* SEARCH "))
			continue;
		while (i < n) {
			int64_t v = number(line, n, &i);
			if (v > after) {
				if (got < max) {
					uids[got++] = v;
				} else {
					/* keep the lowest MAX: replace the
					 * highest kept when V is below it */
					size_t hi = 0;
					for (size_t k = 1; k < got; k++)
						if (uids[k] > uids[hi])
							hi = k;
					if (v < uids[hi])
						uids[hi] = v;
				}
			}
			while (i < n && line[i] != ' ')
				i++;
			while (i < n && line[i] == ' ')
				i++;
		}
	}
	qsort(uids, got, sizeof(*uids), cmp_uid);
	for (kept = 0, n = 0; n < got; n++)
		if (!kept || uids[kept - 1] != uids[n])
			uids[kept++] = uids[n];
	return kept;
}

int imap_status_item(const char *text, size_t len, const char *name,
		     int64_t *value)
{
	size_t at = 0, n, w = strlen(name);
	const char *line;
	while ((line = next_line(text, len, &at, &n))) {
		if (!starts(line, n, "* STATUS "))
			continue;
		const char *open = memchr(line, '(', n);
		if (!open)
			continue;
		for (size_t i = (size_t)(open - line) + 1; i + w < n; i++) {
			/* NAME as a whole word, then a space and its number */
			if ((line[i - 1] == '(' || line[i - 1] == ' ') &&
			    starts(line + i, n - i, name) && line[i + w] == ' ') {
				size_t j = i + w + 1;
				int64_t v = number(line, n, &j);
				if (v < 0)
					return -1;
				*value = v;
				return 0;
			}
		}
	}
	return -1;
}

/* Whether the LEN bytes at P are WORD, in any case, followed by a space,
 * a ']', a line end or the end. */
static int word_at(const char *p, size_t len, const char *word)
{
	size_t n = strlen(word);
	if (len < n || strncasecmp(p, word, n))
		return 0;
	return len == n || p[n] == ' ' || p[n] == ']' || p[n] == '\r' ||
		p[n] == '\n';
}

int imap_capability_has(const char *line, size_t len, const char *cap)
{
	size_t i = 0;
	if (len < 2 || line[0] != '*' || line[1] != ' ')
		return 0;
	/* "* CAPABILITY ..." or "* OK [CAPABILITY ...] ..." */
	for (i = 2; i < len && !word_at(line + i, len - i, "CAPABILITY"); i++)
		if (line[i] == ']' || line[i] == '\r' || line[i] == '\n')
			return 0;
	if (i >= len)
		return 0;
	for (i += 10; i < len && line[i] != ']' && line[i] != '\r' &&
	     line[i] != '\n'; i++)
		if (line[i - 1] == ' ' && word_at(line + i, len - i, cap))
			return 1;
	return 0;
}

int imap_announces_mail(const char *line, size_t len)
{
	size_t i = 2;
	if (len < 3 || line[0] != '*' || line[1] != ' ' ||
	    line[2] < '0' || line[2] > '9')
		return 0;
	while (i < len && line[i] >= '0' && line[i] <= '9')
		i++;
	return i < len && line[i] == ' ' &&
		(word_at(line + i + 1, len - i - 1, "EXISTS") ||
		 word_at(line + i + 1, len - i - 1, "RECENT"));
}
