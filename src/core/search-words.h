/* The words of a search, and the query each database's full-text engine
 * reads from them. Words are runs of letters and digits: ASCII letters and
 * digits, and every other valid UTF-8 character but the common punctuation
 * and symbol blocks; anything else (spaces, quotes, operators, invalid
 * bytes) separates words. Each word is then written quoted, as a prefix,
 * so no text can be read as the engine's own syntax. Read next:
 * core/search.h. */
#ifndef FC_CORE_SEARCH_WORDS_H
#define FC_CORE_SEARCH_WORDS_H

#include <stddef.h>

#include "util/buf.h"

struct search_words {
	int n;
	char *word[16];		/* SEARCH_WORDS_MAX owned copies */
};

/* Splits TEXT (LEN bytes) into WORDS; -1 when it holds more than the
 * array's room, 0 otherwise (possibly with no words). */
int search_words_split(const char *text, size_t len, struct search_words *w);
void search_words_free(struct search_words *w);

/* The FTS5 query: "w1"* "w2"* (every word, as a prefix; a word of one
 * character as a whole word: "a"). */
void search_words_fts5(const struct search_words *w, struct buf *out);
/* The to_tsquery text: 'w1':* & 'w2':* (and 'a') */
void search_words_tsquery(const struct search_words *w, struct buf *out);

#endif
