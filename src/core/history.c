/* R6: appends immutable history rows, and keeps the `deal_steps` aggregate
 * that reports read in step with them; see history.h. */
#include <stdlib.h>
#include <string.h>

#include "core/history.h"
#include "util/date.h"

static const char *const step_actions[] = {
	"create", "advance", "back", "force", "won", "lost", "reopen", NULL
};

int history_is_step_action(const char *action)
{
	for (int i = 0; step_actions[i]; i++)
		if (!strcmp(step_actions[i], action))
			return 1;
	return 0;
}

/* Closes the deal's open stay and opens the next, as the backfill in
 * sql/002-deal-steps.sql would have. */
static int track_step(struct fc_ctx *ctx, const struct history_event *ev,
		      const char *at, int64_t event_id)
{
	int lost = !strcmp(ev->action, "lost");
	if (db_run(ctx->db, "UPDATE deal_steps SET left_at = ?, left_by = ?, "
		   "to_step = ? WHERE org_id = ? AND deal_id = ? AND left_at IS NULL",
		   "sssii", at, ev->action, lost ? NULL : ev->to_step, ctx->org_id,
		   ev->entity_id) < 0)
		return -1;
	if (lost || !ev->to_step)
		return 0;
	return db_run(ctx->db, "INSERT INTO deal_steps (org_id, deal_id, process_id,"
		      " owner_id, step, entered_at, entered_by, event_id) SELECT "
		      "org_id, id, process_id, owner_id, ?, ?, ?, ? FROM deals WHERE "
		      "org_id = ? AND id = ?", "sssiii", ev->to_step, at, ev->action,
		      event_id, ctx->org_id, ev->entity_id) < 0 ? -1 : 0;
}

int history_record(struct fc_ctx *ctx, const struct history_event *ev,
		   struct fc_error *err)
{
	char now[TIME_LEN];
	char *data = ev->data ? json_dumps(ev->data, JSON_COMPACT) : NULL;
	const char *at = ev->at ? ev->at : now;
	int64_t id = 0;
	int rc;

	ctx_now_time(ctx, now);
	struct db_stmt *st = db_prepare(ctx->db,
		"INSERT INTO events (org_id, at, actor_id, entity, entity_id, action,"
		" from_step, to_step, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	if (!st) {
		free(data);
		return db_error(ctx->db, err);
	}
	db_bind_int(st, 1, ctx->org_id);
	db_bind_text(st, 2, at);
	if (ctx->user.id)
		db_bind_int(st, 3, ctx->user.id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, ev->entity);
	db_bind_int(st, 5, ev->entity_id);
	db_bind_text(st, 6, ev->action);
	db_bind_text(st, 7, ev->from_step);
	db_bind_text(st, 8, ev->to_step);
	db_bind_text(st, 9, ev->reason);
	db_bind_text(st, 10, data);
	rc = db_step(st);
	if (rc > 0)
		id = db_col_int(st, 0);
	db_done(st);
	free(data);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!strcmp(ev->entity, "deal") && history_is_step_action(ev->action) &&
	    track_step(ctx, ev, at, id))
		return db_error(ctx->db, err);
	return 0;
}

int history_rebuild_steps(struct fc_ctx *ctx, struct fc_error *err)
{
	if (db_run(ctx->db, "DELETE FROM deal_steps WHERE org_id = ?", "i",
		   ctx->org_id) < 0 ||
	    db_run(ctx->db,
		   "INSERT INTO deal_steps (org_id, deal_id, process_id, owner_id, step,"
		   " entered_at, entered_by, left_at, left_by, to_step, event_id) "
		   "SELECT x.org_id, x.entity_id, d.process_id, d.owner_id, x.to_step,"
		   " x.at, x.action, x.next_at, x.next_action, CASE WHEN x.next_action"
		   " = 'lost' THEN NULL ELSE x.next_to END, x.id FROM (SELECT e.id, "
		   "e.org_id, e.entity_id, e.action, e.to_step, e.at, LEAD(e.at) OVER w"
		   " AS next_at, LEAD(e.action) OVER w AS next_action, LEAD(e.to_step)"
		   " OVER w AS next_to FROM events e WHERE e.org_id = ? AND e.entity = "
		   "'deal' AND e.action IN ('create', 'advance', 'back', 'force', "
		   "'won', 'lost', 'reopen') WINDOW w AS (PARTITION BY e.org_id, "
		   "e.entity_id ORDER BY e.id)) x JOIN deals d ON d.org_id = x.org_id "
		   "AND d.id = x.entity_id WHERE x.action <> 'lost'", "i",
		   ctx->org_id) < 0)
		return db_error(ctx->db, err);
	return 0;
}
