/* R6: appends one immutable history row; see history.h. */
#include <stdlib.h>

#include "core/history.h"
#include "util/date.h"

int history_record(struct fc_ctx *ctx, const struct history_event *ev,
		   struct fc_error *err)
{
	char now[TIME_LEN];
	char *data = ev->data ? json_dumps(ev->data, JSON_COMPACT) : NULL;
	ctx_now_time(ctx, now);
	struct db_stmt *st = db_prepare(ctx->db,
		"INSERT INTO events (org_id, at, actor_id, entity, entity_id, action,"
		" from_step, to_step, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;
	if (!st) {
		free(data);
		return db_error(ctx->db, err);
	}
	db_bind_int(st, 1, ctx->org_id);
	db_bind_text(st, 2, ev->at ? ev->at : now);
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
	db_done(st);
	free(data);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}
