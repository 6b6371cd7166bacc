/* The words of a search, and the query each database's full-text engine
 * reads from them. Words are runs of letters and digits: ASCII letters and
 * digits, and every other valid UTF-8 character but the common punctuation
 * and symbol blocks; anything else (spaces, quotes, operators, invalid
 * bytes) separates words. Each word is then written quoted, so no text
 * can be read as the engine's own syntax. Only the word still being typed,
 * the last one with nothing after it, is a prefix: a finished word (one
 * that something follows) matches whole words, which each engine reads
 * from one list instead of merging the lists of every word it starts
 * (docs/benchmarks.md, Search). Read next:
 * core/search.h. */
#ifndef FC_CORE_SEARCH_WORDS_H
#define FC_CORE_SEARCH_WORDS_H

#include <stddef.h>

#include "util/buf.h"

struct search_words {
	int n;
	char *word[16];		/* SEARCH_WORDS_MAX owned copies */
	int last_open;		/* the last word ends the text: it may be a
				   word still being typed */
};

/* Splits TEXT (LEN bytes) into WORDS; -1 when it holds more than the
 * array's room, 0 otherwise (possibly with no words). */
int search_words_split(const char *text, size_t len, struct search_words *w);
void search_words_free(struct search_words *w);

/* Whether word I of W is matched as the start of words: the last word
 * when it ends the text and is longer than one character (a single
 * character as a prefix would match a large share of everything). */
int search_words_prefix(const struct search_words *w, int i);
/* The FTS5 query: "w1" "w2"* (finished words whole, the open last word as
 * a prefix, search_words_prefix()). */
void search_words_fts5(const struct search_words *w, struct buf *out);
/* The to_tsquery text: 'w1' & 'w2':* */
void search_words_tsquery(const struct search_words *w, struct buf *out);

#endif
