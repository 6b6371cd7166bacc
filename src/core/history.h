/* R6: the immutable history. Every step change, win, loss, reopen and
 * forced move is one row of `events`; nothing updates or deletes them. */
#ifndef FC_CORE_HISTORY_H
#define FC_CORE_HISTORY_H

#include <jansson.h>

#include "core/ctx.h"

/* The step of a deal's stay whose step nobody knows: an imported deal
 * that the file gives only as won or lost, from its creation to its
 * closing. No process step can have this key (keys are a-z, 0-9, '_',
 * '-'), so the reports, which count stays by the steps of the process,
 * count no entry, advance, stay or learned rate for it (docs/reports.md). */
#define HISTORY_STEP_UNKNOWN "?"

struct history_event {
	const char *entity;	/* "deal", "contact", ... */
	int64_t entity_id;
	const char *action;	/* "create", "advance", "force", "won", "lost",
				   "reopen", "update", "delete", ... */
	const char *from_step, *to_step;	/* may be NULL */
	const char *reason;	/* may be NULL */
	json_t *data;		/* borrowed, may be NULL: before/after */
	const char *at;		/* NULL: ctx's now */
};

/* Appends EV. A deal's step event (create, advance, back, force, won,
 * lost, reopen) also closes the deal's current row of `deal_steps` and,
 * unless it is a loss, opens the next one, and moves the deal's
 * contributions to the report rollups along. */
int history_record(struct fc_ctx *ctx, const struct history_event *ev,
		   struct fc_error *err);

/* A writer that creates many deals in one transaction (an import) may have
 * the report rollups of those deals summed once, before it commits, instead
 * of moved at each of their step events: history_defer_begin(), then
 * history_defer_deal() for each deal it creates, before the deal's first
 * event, and history_defer_flush() before each commit (it empties the
 * list; after a rollback call history_defer_begin() again), and
 * history_defer_end() when done. Only for deals created inside it: they
 * contributed nothing before, so their summed rows are exactly what the
 * moves would have left. deal_steps are kept as always. */
struct history_defer;
void history_defer_begin(struct fc_ctx *ctx);
/* Right after history_defer_begin(), for a transaction that holds no
 * savepoint it may roll back to: the chain's head (chain.h) is read at the
 * transaction's first event and stored at history_defer_flush() instead
 * of read and written at each event, and on SQLite whether the
 * organisation has webhooks is read once. The events, their ids and
 * hashes are the same as without it. */
void history_defer_chain(struct fc_ctx *ctx);
void history_defer_deal(struct fc_ctx *ctx, int64_t deal);
int history_defer_flush(struct fc_ctx *ctx, struct fc_error *err);
void history_defer_end(struct fc_ctx *ctx);

/* Takes DEAL's stays out of `deal_steps` and its contributions out of the
 * rollups, before a new "create" event restates its whole path (`fulcrum
 * import history`): a deal's stays follow its events from its last create
 * on; the earlier ones stay in the history, superseded. */
int history_restate(struct fc_ctx *ctx, int64_t deal, struct fc_error *err);

/* Rebuilds ctx->org_id's `deal_steps` from its events (each deal's from its
 * last create on), for writers that insert events in bulk without
 * history_record (demo, import). */
int history_rebuild_steps(struct fc_ctx *ctx, struct fc_error *err);

/* Rebuilds ctx->org_id's report rollups (sql/005-report-aggregates.sql)
 * from `deal_steps`, for writers that fill `deal_steps` in bulk themselves
 * (demo's bulk path). history_rebuild_steps() does it too. */
int history_rebuild_aggregates(struct fc_ctx *ctx, struct fc_error *err);

/* Sums the rollups that the triggers of sql/007-report-rollups.sql keep
 * (and the deals' columns they read), and the next steps' deal points of
 * sql/017-agenda-ranking.sql, the follow-up's first wins of
 * sql/040-followup-first-wins.sql and the money of the pipeline and the
 * win rate of sql/043-report-money.sql, again from their rows, for every
 * organisation, by those migrations' own backfills: for bulk writers that
 * load with those triggers set aside (demo's bulk path), before they make
 * them again. */
int history_rebuild_activity(struct fc_ctx *ctx, struct fc_error *err);

/* Events record money in integer minor units under NAME_minor: replaces
 * DATA's member NAME (an amount as given, in whole units of DATA's
 * "currency", USD when it has none: 1234.5, "1,234.50") by NAME_minor
 * ("value" -> "value_minor"). Leaves DATA alone when it has no NAME or NAME
 * is no amount. */
void history_money_minor(json_t *data, const char *name);

/* Whether ACTION moves a deal between steps (or out of them). */
int history_is_step_action(const char *action);

#endif
