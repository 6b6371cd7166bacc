/* Deferring the search index's and the first-wins rollup's refreshes to
 * the end of a transaction: see core/refresh-defer.h. */
#include <stdio.h>
#include <stdlib.h>

#include "core/refresh-defer.h"
#include "store/db.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* A view whose INSTEAD OF INSERT trigger does the refresh, the two
 * integer columns of its rows, and the temporary table that notes them
 * meanwhile (each row once; a row with a NULL, a deal without an account,
 * refreshes nothing, so the note's NOT NULL leaves it out). */
struct deferred_view {
	const char *trigger, *view, *a, *b, *noted;
};

static const struct deferred_view views[REFRESH_DEFER_VIEWS] = {
	{ "search_refresh_apply", "search_refresh", "kind", "record_id",
	  "search_deferred" },
	{ "report_account_refresh_apply", "report_account_refresh", "org_id",
	  "account_id", "account_wins_deferred" },
};

/* Sets V's trigger aside into *TRIGGER_SQL (left NULL when the schema has
 * no such trigger) and notes its refreshes instead. */
static int defer_view(struct fc_ctx *ctx, const struct deferred_view *v,
		      char **trigger_sql)
{
	char sql[1024];
	struct db_stmt *st = db_prepare(ctx->db, "SELECT sql FROM main.sqlite_master "
					"WHERE type = 'trigger' AND name = ?");
	int rc;
	if (!st)
		return -1;
	db_bindf(st, "s", v->trigger);
	if ((rc = db_step(st)) > 0 && db_col_text(st, 0))
		*trigger_sql = xstrdup(db_col_text(st, 0));
	db_done(st);
	if (rc < 0 || !*trigger_sql)
		return rc < 0 ? -1 : 0;
	snprintf(sql, sizeof(sql), "CREATE TEMP TABLE IF NOT EXISTS %s ("
		 "%s INTEGER NOT NULL, %s INTEGER NOT NULL, PRIMARY KEY (%s, %s)) "
		 "WITHOUT ROWID; DROP TRIGGER main.%s; "
		 "CREATE TEMP TRIGGER %s_deferred INSTEAD OF INSERT ON main.%s "
		 "BEGIN INSERT OR IGNORE INTO %s (%s, %s) VALUES (NEW.%s, NEW.%s); END",
		 v->noted, v->a, v->b, v->a, v->b, v->trigger, v->view, v->view,
		 v->noted, v->a, v->b, v->a, v->b);
	return db_exec(ctx->db, sql) != 0 ? -1 : 0;
}

/* V's own trigger again, then every noted row through it, in one
 * statement (the FTS5 table takes the batch's entries in one go). */
static int flush_view(struct fc_ctx *ctx, const struct deferred_view *v,
		      const char *trigger_sql)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "DROP TRIGGER temp.%s_deferred", v->view);
	if (db_exec(ctx->db, sql) != 0 || db_exec(ctx->db, trigger_sql) != 0)
		return -1;
	snprintf(sql, sizeof(sql), "INSERT INTO %s (%s, %s) SELECT %s, %s FROM "
		 "temp.%s ORDER BY %s, %s; DELETE FROM temp.%s", v->view, v->a,
		 v->b, v->a, v->b, v->noted, v->a, v->b, v->noted);
	return db_exec(ctx->db, sql) != 0 ? -1 : 0;
}

int refresh_defer_begin(struct fc_ctx *ctx, struct refresh_defer *d,
			struct fc_error *err)
{
	if (db_dialect(ctx->db) != DB_SQLITE)
		return 0;
	for (int i = 0; i < REFRESH_DEFER_VIEWS; i++) {
		if (d->trigger_sql[i])
			continue;
		if (defer_view(ctx, &views[i], &d->trigger_sql[i])) {
			refresh_defer_forget(d);
			return db_error(ctx->db, err);
		}
	}
	return 0;
}

int refresh_defer_flush(struct fc_ctx *ctx, struct refresh_defer *d,
			struct fc_error *err)
{
	int rc = 0;
	for (int i = 0; i < REFRESH_DEFER_VIEWS && !rc; i++)
		if (d->trigger_sql[i] &&
		    flush_view(ctx, &views[i], d->trigger_sql[i]))
			rc = db_error(ctx->db, err);
	refresh_defer_forget(d);
	return rc;
}

void refresh_defer_forget(struct refresh_defer *d)
{
	for (int i = 0; i < REFRESH_DEFER_VIEWS; i++) {
		free(d->trigger_sql[i]);
		d->trigger_sql[i] = NULL;
	}
}
