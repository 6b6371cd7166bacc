/* Deferring the search index's refreshes to the end of a transaction:
 * see core/search-defer.h. */
#include <stdlib.h>

#include "core/search-defer.h"
#include "store/db.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int search_defer_begin(struct fc_ctx *ctx, struct search_defer *d,
		       struct fc_error *err)
{
	struct db_stmt *st;
	int rc;
	if (db_dialect(ctx->db) != DB_SQLITE || d->trigger_sql)
		return 0;
	st = db_prepare(ctx->db, "SELECT sql FROM main.sqlite_master WHERE "
			"type = 'trigger' AND name = 'search_refresh_apply'");
	if (!st)
		return db_error(ctx->db, err);
	if ((rc = db_step(st)) > 0 && db_col_text(st, 0))
		d->trigger_sql = xstrdup(db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!d->trigger_sql)
		return 0;	/* a schema without the index: nothing to defer */
	if (db_exec(ctx->db, "CREATE TEMP TABLE IF NOT EXISTS search_deferred ("
		    "kind INTEGER NOT NULL, record_id INTEGER NOT NULL, "
		    "PRIMARY KEY (kind, record_id)) WITHOUT ROWID; "
		    "DROP TRIGGER main.search_refresh_apply; "
		    "CREATE TEMP TRIGGER search_refresh_deferred INSTEAD OF INSERT "
		    "ON main.search_refresh BEGIN "
		    "INSERT OR IGNORE INTO search_deferred (kind, record_id) "
		    "VALUES (NEW.kind, NEW.record_id); END") != 0) {
		search_defer_forget(d);
		return db_error(ctx->db, err);
	}
	return 0;
}

int search_defer_flush(struct fc_ctx *ctx, struct search_defer *d,
		       struct fc_error *err)
{
	int rc = 0;
	if (!d->trigger_sql)
		return 0;
	/* the view's own trigger again, then every noted record through it,
	 * in one statement: the FTS5 table takes them in one go */
	if (db_exec(ctx->db, "DROP TRIGGER temp.search_refresh_deferred") != 0 ||
	    db_exec(ctx->db, d->trigger_sql) != 0 ||
	    db_exec(ctx->db, "INSERT INTO search_refresh (kind, record_id) "
		    "SELECT kind, record_id FROM temp.search_deferred "
		    "ORDER BY kind, record_id; DELETE FROM temp.search_deferred") != 0)
		rc = db_error(ctx->db, err);
	search_defer_forget(d);
	return rc;
}

void search_defer_forget(struct search_defer *d)
{
	free(d->trigger_sql);
	d->trigger_sql = NULL;
}
