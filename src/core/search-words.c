/* Splitting search text into words; see search-words.h. */
#include <stdlib.h>
#include <string.h>

#include "core/search-words.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define WORDS_ROOM ((int)(sizeof(((struct search_words *)0)->word) / \
			  sizeof(char *)))

/* The code point of the valid sequence of LEN bytes at S. */
static unsigned code_point(const unsigned char *s, int len)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned cp = s[0] & lead_mask[len];
	for (int i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

/* Punctuation and symbols outside ASCII that people type or paste
 * (typographic quotes and dashes, currency, arrows, emoji): separators, as
 * the full-text tokenizers treat them. */
static int is_separator(unsigned cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 'A' && cp <= 'Z'));
	return (cp >= 0x80 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
	       (cp >= 0x2000 && cp <= 0x2bff) ||	/* punctuation .. symbols */
	       (cp >= 0x3000 && cp <= 0x303f) ||	/* CJK punctuation */
	       (cp >= 0xfe30 && cp <= 0xfe4f) ||
	       (cp >= 0xff00 && cp <= 0xff0f) ||	/* full-width ASCII marks */
	       (cp >= 0xfff0 && cp <= 0xffff) ||
	       (cp >= 0x1f000 && cp <= 0x1faff);	/* emoji, pictographs */
}

int search_words_split(const char *text, size_t len, struct search_words *w)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, start = 0;
	int in_word = 0;

	w->n = 0;
	w->last_open = 0;
	while (i <= len) {
		int n = i < len ? utf8_seq(s + i, len - i) : 0;
		int sep = n <= 0 || is_separator(code_point(s + i, n));
		if (sep && in_word) {
			if (w->n == WORDS_ROOM) {
				search_words_free(w);
				return -1;
			}
			w->word[w->n++] = xstrndup(text + start, i - start);
			w->last_open = i == len;
			in_word = 0;
		} else if (!sep && !in_word) {
			start = i;
			in_word = 1;
		}
		if (i == len)
			break;
		i += n > 0 ? (size_t)n : 1;
	}
	return 0;
}

void search_words_free(struct search_words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->word[i]);
	w->n = 0;
}

/* A word of one character is a whole word: as a prefix it would match a
 * large share of every index, for nothing anyone looks for. */
static int one_character(const char *word)
{
	size_t len = strlen(word);
	return utf8_seq((const unsigned char *)word, len) == (int)len;
}

int search_words_prefix(const struct search_words *w, int i)
{
	return i == w->n - 1 && w->last_open && !one_character(w->word[i]);
}

/* A word holds no ASCII punctuation, so neither quote can occur in it. */
void search_words_fts5(const struct search_words *w, struct buf *out)
{
	for (int i = 0; i < w->n; i++)
		buf_addf(out, "%s\"%s\"%s", i ? " " : "", w->word[i],
			 search_words_prefix(w, i) ? "*" : "");
}

void search_words_tsquery(const struct search_words *w, struct buf *out)
{
	for (int i = 0; i < w->n; i++)
		buf_addf(out, "%s'%s'%s", i ? " & " : "", w->word[i],
			 search_words_prefix(w, i) ? ":*" : "");
}
