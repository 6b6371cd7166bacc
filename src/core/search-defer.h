/* The search index of a bulk write, brought up to date once per
 * transaction instead of once per row (SQLite). Each write of a contact,
 * account, deal, interaction, want or next step refreshes its entry
 * through the search_refresh view of sql/025-search.sql; on SQLite the
 * entry lives in an FTS5 table, which writes its pending terms to disk at
 * the start of every statement of the transaction once it was written in
 * it: a new segment per row, then merges. While deferred, the view's
 * refreshes are only noted (the record's kind and id, in a temporary
 * table), and search_defer_flush() runs the view's own trigger for every
 * noted record in one statement, from the records as they are then: the
 * index ends exactly as if each write had refreshed it. The change of the
 * view's trigger lives inside the caller's transaction, so no other
 * connection ever sees it, and a rollback undoes it with the rows.
 * On PostgreSQL, whose index has no such cost, these do nothing. */
#ifndef FC_CORE_SEARCH_DEFER_H
#define FC_CORE_SEARCH_DEFER_H

#include "core/ctx.h"

struct search_defer {
	char *trigger_sql;	/* the view's trigger, set aside; NULL: idle */
};

/* Inside a write transaction, the outermost one (its rollback must undo
 * the deferral with it): from now on the refreshes of the index are
 * noted, not applied. Returns 0, or an error code with ERR set. */
int search_defer_begin(struct fc_ctx *ctx, struct search_defer *d,
		       struct fc_error *err);
/* Still inside that transaction, before it commits: applies every noted
 * refresh and puts the view's trigger back. */
int search_defer_flush(struct fc_ctx *ctx, struct search_defer *d,
		       struct fc_error *err);
/* After the transaction rolled back (which undid the deferral with it):
 * forgets it. Also frees D when idle. */
void search_defer_forget(struct search_defer *d);

#endif
