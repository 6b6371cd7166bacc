/* One full-text search over contacts, accounts, deals, interactions' notes,
 * wants and next steps (docs/search.md). The index is kept by the triggers
 * of sql/025-search.sql inside every writing transaction; this file reads
 * it: the user's words, the finished ones whole and the last, still being
 * typed, as a prefix ("ada lov" finds "Ada Lovelace"; search-words.h),
 * accents folded ("jose" finds "José"), all words required, ranked (bm25
 * on SQLite, ts_rank on PostgreSQL, the title above the rest), and only
 * what ctx->user may see (core/query.h). Read next: core/query.h. */
#ifndef FC_CORE_SEARCH_H
#define FC_CORE_SEARCH_H

#include <jansson.h>

#include "core/ctx.h"

/* The kinds of record, in the order results are grouped; the numbers are
 * the `kind` of sql/025-search.sql's index. */
enum search_kind {
	SEARCH_CONTACT = 1,
	SEARCH_ACCOUNT,
	SEARCH_DEAL,
	SEARCH_INTERACTION,
	SEARCH_WANT,
	SEARCH_NEXT_STEP,
	SEARCH_KIND_COUNT = SEARCH_NEXT_STEP
};

#define SEARCH_ALL_KINDS 0u	/* a KINDS mask of every kind */
#define SEARCH_TEXT_MAX 200	/* bytes of query text */
#define SEARCH_WORDS_MAX 16	/* words of query text */
#define SEARCH_LIMIT_DEFAULT 10	/* results per kind */
#define SEARCH_LIMIT_MAX 50
/* Of a kind, the matches the user may see among the newest this many in
 * the index are ranked: the work of a word found in half the records stays
 * bounded whoever searches (when fewer than the limit asked for are
 * visible, the search walks on to older matches until it has them). */
#define SEARCH_RANKED_MAX 1000

/* The name of KIND ("contact", "next_step"), or NULL. */
const char *search_kind_name(enum search_kind kind);
/* Parses a comma-separated list of kind names ("deal,contact") into a mask
 * of bits 1 << kind; FC_EINVAL naming FIELD when a name is unknown. */
int search_kinds_parse(const char *list, const char *field, unsigned *mask,
		       struct fc_error *err);

/* Searches for TEXT (1..SEARCH_TEXT_MAX bytes, any bytes: what is not a
 * word separates words, so no text can make the query fail) in the kinds
 * of MASK (SEARCH_ALL_KINDS: all), at most LIMIT (1..SEARCH_LIMIT_MAX)
 * results per kind. *OUT (new reference):
 *   {"words": ["lov", ...] (the words searched for),
 *    "groups": [{"kind": "contact", "results": [{"id", "title", "context",
 *      "snippet", "rank", "deal_id", "contact_id"}]}, ...]}
 * one group per kind searched, in enum order; results best first. title:
 * the record's name (an interaction's purpose or kind, and its day);
 * context: what it belongs to (a contact's or deal's account, an
 * interaction's or next step's deal or else contact, a want's deal, an
 * account's domain), or null; snippet: a few words of the record's other
 * text around the match; rank: higher is better, comparable within one
 * answer (among the visible of the kind's newest SEARCH_RANKED_MAX);
 * deal_id, contact_id: the deal or contact the record hangs on
 * (null when none). Text with no words answers empty groups. */
int search(struct fc_ctx *ctx, const char *text, unsigned mask, int limit,
	   json_t **out, struct fc_error *err);

/* Rebuilds the whole index of ctx->org_id from the records, inside the
 * caller's transaction: for writers that set the triggers aside (the
 * demo's bulk path). */
int search_rebuild(struct fc_ctx *ctx, struct fc_error *err);

#endif
