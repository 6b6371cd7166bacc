/* `fulcrum import history`: another CRM's stage history (deal, stage,
 * date) replayed into the step stays of deals imported before. A deal's
 * rows are replayed together, in time order, as a new path: a "create"
 * restating it (history_restate) at the deal's creation in the step of its
 * first row, an advance or a move back at each later row's date, then the
 * win or loss the deal already has, at its close date; every event with
 * reason "import history". Only a deal nobody has moved since its import
 * is replayed, once: the history is the other CRM's, not ours. */
#include <stdlib.h>
#include <string.h>

#include "core/history.h"
#include "core/import/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define REASON "import history"

static int by_deal_then_time(const void *a, const void *b)
{
	const struct hist_row *x = a, *y = b;
	int c;
	if (x->deal != y->deal)
		return x->deal < y->deal ? -1 : 1;
	if ((c = strcmp(x->at, y->at)))
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void verdict(struct hist_row *r, enum hist_verdict v, const char *why)
{
	r->verdict = v;
	snprintf(r->reason, sizeof(r->reason), "%s", why ? why : "");
}

struct deal_now {
	char status[16], created[TIME_LEN], closed[TIME_LEN];
	int64_t process_id;
	int64_t moved, replayed;	/* step events not made by import(s) */
};

static int deal_load(struct fc_ctx *ctx, int64_t id, struct deal_now *d,
		     struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT status, created_at, "
		"COALESCE(closed_at, ''), process_id, (SELECT COUNT(*) FROM events e "
		"WHERE e.org_id = d.org_id AND e.entity = 'deal' AND e.entity_id = "
		"d.id AND e.action IN ('create', 'advance', 'back', 'force', 'won', "
		"'lost', 'reopen', 'disqualified') AND COALESCE(e.reason, '') <> 'import' AND "
		"COALESCE(e.reason, '') <> '" REASON "'), (SELECT COUNT(*) FROM "
		"events e WHERE e.org_id = d.org_id AND e.entity = 'deal' AND "
		"e.entity_id = d.id AND e.reason = '" REASON "') FROM deals d WHERE "
		"d.org_id = ? AND d.id = ?");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, id);
	if ((rc = db_step(st)) > 0) {
		snprintf(d->status, sizeof(d->status), "%s", db_col_text(st, 0));
		snprintf(d->created, sizeof(d->created), "%s", db_col_text(st, 1));
		snprintf(d->closed, sizeof(d->closed), "%s", db_col_text(st, 2));
		d->process_id = db_col_int(st, 3);
		d->moved = db_col_int(st, 4);
		d->replayed = db_col_int(st, 5);
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	return rc > 0 ? 0 : fc_fail(err, FC_ENOTFOUND, "deal", "no deal %lld",
				    (long long)id);
}

static int event(struct fc_ctx *ctx, int64_t deal, const char *action,
		 const char *from, const char *to, const char *at,
		 struct fc_error *err)
{
	struct history_event ev = { .entity = "deal", .entity_id = deal,
				    .action = action, .from_step = from,
				    .to_step = to, .reason = REASON, .at = at };
	return history_record(ctx, &ev, err);
}

/* Rows R[0..N) of one deal, in time order. */
static int replay_deal(struct fc_ctx *ctx, struct hist_row *r, size_t n,
		       struct fc_error *err)
{
	struct deal_now d = { 0 };
	struct process *p = NULL;
	int closed, rc;
	size_t *path = xcalloc(n, sizeof(*path)), np = 0;

	if ((rc = deal_load(ctx, r[0].deal, &d, err)) ||
	    (rc = process_load(ctx, d.process_id, &p, err)))
		goto out;
	closed = !strcmp(d.status, "won") ? DEAL_WON : !strcmp(d.status, "lost") ?
		 DEAL_LOST : DEAL_OPEN;
	for (size_t i = 0; i < n; i++) {
		char why[200];
		if (d.replayed) {
			verdict(&r[i], HIST_SKIPPED, NULL);
			continue;
		}
		if (d.moved) {
			verdict(&r[i], HIST_REJECTED, "the deal has moved since it was "
				"imported: only an imported deal nobody has moved takes a "
				"history");
			continue;
		}
		if (r[i].step == STEP_UNKNOWN) {	/* its win or loss */
			if (r[i].closed != closed) {
				snprintf(why, sizeof(why), "the deal is %s, not %s",
					 d.status, r[i].closed == DEAL_WON ? "won" : "lost");
				verdict(&r[i], HIST_REJECTED, why);
			} else {
				verdict(&r[i], HIST_APPLIED, NULL);
			}
			continue;
		}
		if (closed != DEAL_OPEN && strcmp(r[i].at, d.closed) > 0) {
			snprintf(why, sizeof(why), "dated after the deal closed (%.10s)",
				 d.closed);
			verdict(&r[i], HIST_REJECTED, why);
			continue;
		}
		/* a stage dated before the deal's creation is where it began */
		if (strcmp(r[i].at, d.created) < 0)
			snprintf(r[i].at, sizeof(r[i].at), "%s", d.created);
		verdict(&r[i], HIST_APPLIED, NULL);
		if (!np || r[path[np - 1]].step != r[i].step)
			path[np++] = i;
	}
	if (!np)
		goto out;

	int64_t deal = r[0].deal;
	const char *first = p->steps[r[path[0]].step].key;
	if ((rc = history_restate(ctx, deal, err)) ||
	    (rc = event(ctx, deal, "create", NULL, first, d.created, err)))
		goto out;
	for (size_t k = 1; k < np; k++) {
		const struct hist_row *a = &r[path[k - 1]], *b = &r[path[k]];
		if ((rc = event(ctx, deal, b->step > a->step ? "advance" : "back",
				p->steps[a->step].key, p->steps[b->step].key, b->at,
				err)))
			goto out;
	}
	const struct hist_row *z = &r[path[np - 1]];
	const char *last = p->steps[z->step].key;
	if (closed == DEAL_WON)
		rc = event(ctx, deal, "won", last, p->steps[p->nsteps - 1].key,
			   d.closed, err);
	else if (closed == DEAL_LOST)
		rc = event(ctx, deal, "lost", last, last, d.closed, err);
	/* an open deal stands where its history ends; a lost one reopens there */
	if (!rc && closed != DEAL_WON &&
	    db_run(ctx->db, "UPDATE deals SET step = ?, step_entered_at = ? WHERE "
		   "org_id = ? AND id = ?", "ssii", last, closed == DEAL_OPEN ?
		   z->at : d.closed, ctx->org_id, deal) < 0)
		rc = db_error(ctx->db, err);
out:
	free(path);
	process_free(p);
	return rc;
}

int import_history_replay(struct fc_ctx *ctx, struct hist_row *rows, size_t n,
			  struct fc_error *err)
{
	int rc = 0;
	qsort(rows, n, sizeof(*rows), by_deal_then_time);
	for (size_t i = 0, j; i < n && !rc; i = j) {
		for (j = i + 1; j < n && rows[j].deal == rows[i].deal; j++)
			;
		rc = replay_deal(ctx, rows + i, j - i, err);
	}
	return rc;
}
