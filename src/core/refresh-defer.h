/* Refreshes a bulk write brings up to date once per transaction instead of
 * once per row (SQLite). Two views take a refresh through their trigger:
 *
 * - search_refresh (sql/025-search.sql): each write of a contact, account,
 *   deal, interaction, want or next step refreshes its search entry. On
 *   SQLite the entry lives in an FTS5 table, which writes its pending terms
 *   to disk at the start of every statement of the transaction once it was
 *   written in it: a new segment per row, then merges.
 * - report_account_refresh (sql/040-followup-first-wins.sql): each write of
 *   a deal recomputes the won deals of its account for the first-wins
 *   rollup, every won deal of the account again for every deal written.
 *
 * While deferred, a view's refreshes are only noted (its row, once, in a
 * temporary table), and refresh_defer_flush() runs the view's own trigger
 * for every noted row in one statement, from the records as they are then.
 * Both refreshes recompute their rows from the records alone, so they end
 * exactly as if each write had refreshed them. The change of the views'
 * triggers lives inside the caller's transaction, so no other connection
 * ever sees it, and a rollback undoes it with the rows. On PostgreSQL these
 * do nothing. */
#ifndef FC_CORE_REFRESH_DEFER_H
#define FC_CORE_REFRESH_DEFER_H

#include "core/ctx.h"

#define REFRESH_DEFER_VIEWS 2

struct refresh_defer {
	/* each view's trigger, set aside; all NULL: idle */
	char *trigger_sql[REFRESH_DEFER_VIEWS];
};

/* Inside a write transaction, the outermost one (its rollback must undo
 * the deferral with it): from now on the views' refreshes are noted, not
 * applied. Returns 0, or an error code with ERR set. */
int refresh_defer_begin(struct fc_ctx *ctx, struct refresh_defer *d,
			struct fc_error *err);
/* Still inside that transaction, before it commits: applies every noted
 * refresh and puts the views' triggers back. */
int refresh_defer_flush(struct fc_ctx *ctx, struct refresh_defer *d,
			struct fc_error *err);
/* After the transaction rolled back (which undid the deferral with it):
 * forgets it. Also frees D when idle. */
void refresh_defer_forget(struct refresh_defer *d);

#endif
