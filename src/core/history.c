/* R6: appends immutable history rows, and keeps the `deal_steps` aggregate
 * and the report rollups of sql/005-report-aggregates.sql and
 * sql/007-report-rollups.sql (report_closings) in step with them;
 * see history.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/chain.h"
#include "core/history.h"
#include "core/money.h"
#include "core/webhook.h"
#include "store/migrate.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/embedded.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* A rollup table, the view whose rows it sums, its key columns and its sums
 * (column, aggregate of the view). */
struct rollup {
	const char *table, *view, *keys;
	const char *cols[4], *sums[4];
};

static const struct rollup rollups[] = {
	{ "report_entries", "report_entry_v",
	  "org_id, day, owner_id, process_id, step, prev_day",
	  { "entered", "advanced", "lost", "won" },
	  { "COUNT(*)", "SUM(advanced)", "SUM(lost)", "SUM(won)" } },
	{ "report_starts", "report_start_v",
	  "org_id, day, owner_id, process_id, prev_day",
	  { "deals", "won" }, { "COUNT(*)", "SUM(won)" } },
	{ "report_stays", "report_stay_v",
	  "org_id, day, owner_id, process_id, step, hours",
	  { "n" }, { "COUNT(*)" } },
	{ "report_cycles", "report_cycle_v",
	  "org_id, day, owner_id, process_id, status, hours",
	  { "n" }, { "COUNT(*)" } },
	{ "report_learn", "report_learn_v", "org_id, owner_id, process_id, step",
	  { "closed", "won" }, { "COUNT(*)", "SUM(won)" } },
	{ "report_closings", "report_closing_v",
	  "org_id, day, until_day, owner_id, process_id, step",
	  { "closed", "won" }, { "COUNT(*)", "SUM(won)" } },
};

#define NROLLUPS (sizeof(rollups) / sizeof(rollups[0]))

/* "INSERT INTO table (keys, cols) SELECT keys, [SIGN *] sums FROM view
 * WHERE org_id = ? [AND deal_id = ? | IN (?, ...)] GROUP BY keys", with an
 * upsert adding into existing rows when SIGN is set (the contributions of
 * NDEALS deals: 1 is "= ?", more an IN list). */
static void rollup_sql_n(struct buf *b, const struct rollup *r,
			 const char *sign, int ndeals)
{
	buf_addf(b, "INSERT INTO %s (%s", r->table, r->keys);
	for (int i = 0; i < 4 && r->cols[i]; i++)
		buf_addf(b, ", %s", r->cols[i]);
	buf_addf(b, ") SELECT %s", r->keys);
	for (int i = 0; i < 4 && r->sums[i]; i++)
		buf_addf(b, ", %s%s", sign ? sign : "", r->sums[i]);
	buf_addf(b, " FROM %s WHERE org_id = ?", r->view);
	if (sign && ndeals == 1)
		buf_adds(b, " AND deal_id = ?");
	else if (sign) {
		buf_adds(b, " AND deal_id IN (?");
		for (int i = 1; i < ndeals; i++)
			buf_adds(b, ", ?");
		buf_adds(b, ")");
	}
	buf_addf(b, " GROUP BY %s", r->keys);
	if (!sign)
		return;
	buf_addf(b, " ON CONFLICT (%s) DO UPDATE SET ", r->keys);
	for (int i = 0; i < 4 && r->cols[i]; i++)
		buf_addf(b, "%s%s = %s.%s + excluded.%s", i ? ", " : "",
			 r->cols[i], r->table, r->cols[i], r->cols[i]);
}

static void rollup_sql(struct buf *b, const struct rollup *r, const char *sign)
{
	rollup_sql_n(b, r, sign, 1);
}

/* The rollups of rollups[] by bit: entries, starts, stays, cycles, learn,
 * closings. */
#define RU_ENTRIES 1u
#define RU_STAYS 4u
#define RU_ALL 63u

/* The statements of rollups_apply(), made once for every thread:
 * [taking away, adding][rollup]. */
static char *apply_sql[2][NROLLUPS];
static pthread_once_t apply_once = PTHREAD_ONCE_INIT;

static void apply_sql_make(void)
{
	for (size_t i = 0; i < NROLLUPS; i++) {
		struct buf take = BUF_INIT, add = BUF_INIT;
		rollup_sql(&take, &rollups[i], "-1 * ");
		rollup_sql(&add, &rollups[i], "");
		apply_sql[0][i] = take.s;
		apply_sql[1][i] = add.s;
	}
}

/* Adds (SIGN "") or takes away (SIGN "-1 * ") DEAL's contributions to the
 * rollups in MASK: around a change of its stays, the rollups follow it
 * exactly. */
static int rollups_apply(struct fc_ctx *ctx, int64_t deal, const char *sign,
			 unsigned mask)
{
	int add = !*sign;
	pthread_once(&apply_once, apply_sql_make);
	for (size_t i = 0; i < NROLLUPS; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (db_run(ctx->db, apply_sql[add][i], "ii", ctx->org_id, deal) < 0)
			return -1;
	}
	return 0;
}

/* ---- rollups summed at the end (history_defer_*) ---- */

#define DEFER_CHUNK 64	/* deals per summing statement */

struct history_defer {
	int64_t *ids;
	size_t n, cap;
	/* history_defer_chain(): the chain's head as this transaction left
	 * it, stored once at the flush instead of read and written back at
	 * every event; the webhooks' count, read once */
	int chain_on, chain_valid, chain_dirty;
	struct chain_head head;
	int hooks;		/* -1 unknown; else the organisation's webhooks */
};

static int deferred(const struct fc_ctx *ctx, int64_t deal)
{
	const struct history_defer *d = ctx->defer;
	if (!d)
		return 0;
	/* a writer registers a deal just before writing its events */
	for (size_t i = d->n; i-- > 0;)
		if (d->ids[i] == deal)
			return 1;
	return 0;
}

void history_defer_begin(struct fc_ctx *ctx)
{
	if (!ctx->defer)
		ctx->defer = xcalloc(1, sizeof(*ctx->defer));
	ctx->defer->n = 0;
	ctx->defer->chain_on = ctx->defer->chain_valid = 0;
	ctx->defer->chain_dirty = 0;
	ctx->defer->hooks = -1;
}

void history_defer_chain(struct fc_ctx *ctx)
{
	if (ctx->defer)
		ctx->defer->chain_on = 1;
}

void history_defer_deal(struct fc_ctx *ctx, int64_t deal)
{
	struct history_defer *d = ctx->defer;
	if (!d)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->ids = xrealloc(d->ids, d->cap * sizeof(*d->ids));
	}
	d->ids[d->n++] = deal;
}

int history_defer_flush(struct fc_ctx *ctx, struct fc_error *err)
{
	struct history_defer *d = ctx->defer;
	struct buf b = BUF_INIT;
	int rc = 0;
	if (!d)
		return 0;
	if (d->chain_dirty) {
		if ((rc = chain_head_store(ctx->db, ctx->org_id, &d->head, err)))
			return rc;
		d->chain_dirty = 0;
	}
	for (size_t at = 0; at < d->n && !rc; at += DEFER_CHUNK) {
		for (size_t i = 0; i < NROLLUPS && !rc; i++) {
			/* a short last chunk repeats its last deal: the IN list
			 * is the same, and so is the statement's text */
			buf_clear(&b);
			rollup_sql_n(&b, &rollups[i], "", DEFER_CHUNK);
			struct db_stmt *st = db_prepare(ctx->db, b.s);
			if (!st) {
				rc = -1;
				break;
			}
			db_bind_int(st, 1, ctx->org_id);
			for (size_t k = 0; k < DEFER_CHUNK; k++)
				db_bind_int(st, (int)k + 2, d->ids[at + k < d->n ?
						at + k : d->n - 1]);
			if (db_step(st) < 0)
				rc = -1;
			db_done(st);
		}
	}
	buf_release(&b);
	d->n = 0;
	return rc ? db_error(ctx->db, err) : 0;
}

void history_defer_end(struct fc_ctx *ctx)
{
	if (!ctx->defer)
		return;
	free(ctx->defer->ids);
	free(ctx->defer);
	ctx->defer = NULL;
}

static const char *const step_actions[] = {
	"create", "advance", "back", "force", "won", "lost", "reopen",
	"disqualified", NULL
};

void history_money_minor(json_t *data, const char *name)
{
	int64_t minor;
	char key[64];
	const char *currency = json_string_value(json_object_get(data, "currency"));
	json_t *v = json_object_get(data, name);
	if (!v || json_is_null(v) ||
	    money_from_json(v, currency ? currency : "USD", name, &minor, NULL))
		return;
	snprintf(key, sizeof(key), "%s_minor", name);
	json_object_del(data, name);
	json_object_set_new(data, key, json_integer(minor));
}

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
	/* a loss or a disqualification ends the deal's last stay and opens none */
	int lost = !strcmp(ev->action, "lost") ||
		   !strcmp(ev->action, "disqualified");
	unsigned before = RU_ALL, after = RU_ALL;
	int64_t open = 0;

	/* a deferred deal's contributions are summed once, at the flush */
	if (deferred(ctx, ev->entity_id))
		before = after = 0;

	/* Only what the event can change is moved. A new deal has nothing to
	 * take away. Moving an open deal between steps (open before and
	 * after, not won) changes neither its starts nor its closing: only
	 * its entries and ended stays. Wins, losses and reopens move all. */
	if (!strcmp(ev->action, "create")) {
		before = 0;
	} else if (!after) {
		/* deferred: nothing to move now */
	} else if (!strcmp(ev->action, "advance") || !strcmp(ev->action, "back") ||
		   !strcmp(ev->action, "force")) {
		if (db_query_int(ctx->db, &open, "SELECT COUNT(*) FROM deal_steps "
				 "WHERE org_id = ? AND deal_id = ? AND left_at IS NULL"
				 " AND entered_by <> 'won'", "ii", ctx->org_id,
				 ev->entity_id))
			return -1;
		if (open)
			before = after = RU_ENTRIES | RU_STAYS;
	}
	if (rollups_apply(ctx, ev->entity_id, "-1 * ", before))
		return -1;
	if (db_run(ctx->db, "UPDATE deal_steps SET left_at = ?, left_by = ?, "
		   "to_step = ? WHERE org_id = ? AND deal_id = ? AND left_at IS NULL",
		   "sssii", at, ev->action, lost ? NULL : ev->to_step, ctx->org_id,
		   ev->entity_id) < 0)
		return -1;
	if (!lost && ev->to_step &&
	    db_run(ctx->db, "INSERT INTO deal_steps (org_id, deal_id, process_id,"
		   " owner_id, step, entered_at, entered_by, event_id) SELECT "
		   "org_id, id, process_id, owner_id, ?, ?, ?, ? FROM deals WHERE "
		   "org_id = ? AND id = ?", "sssiii", ev->to_step, at, ev->action,
		   event_id, ctx->org_id, ev->entity_id) < 0)
		return -1;
	return rollups_apply(ctx, ev->entity_id, "", after);
}

static int chain_deferred(const struct fc_ctx *ctx)
{
	return ctx->defer && ctx->defer->chain_on;
}

/* The head and the id of the next event: from the chain (chain_next), or,
 * deferred, from the head this transaction left. The writer's lock holds
 * the whole transaction, so on SQLite the next id is the last plus one
 * (what MAX(id) + 1 would read); PostgreSQL takes it from the sequence. */
static int next_link(struct fc_ctx *ctx, struct chain_head *head, int64_t *id,
		     struct fc_error *err)
{
	if (!chain_deferred(ctx) || !ctx->defer->chain_valid)
		return chain_next(ctx->db, ctx->org_id, head, id, err);
	*head = ctx->defer->head;
	if (db_dialect(ctx->db) == DB_PG)
		return chain_next_id(ctx->db, id, err);
	*id = head->last_id + 1;
	return 0;
}

/* 1 when, deferred on SQLite, the organisation has no webhook, so no event
 * of the transaction has an outbox row to write (the writer's lock keeps
 * one from being added meanwhile); 0 when the outbox must be asked; -1 on
 * a store error. */
static int hooks_known_none(struct fc_ctx *ctx, struct fc_error *err)
{
	struct history_defer *d = ctx->defer;
	(void)err;
	if (!chain_deferred(ctx) || db_dialect(ctx->db) != DB_SQLITE)
		return 0;
	if (d->hooks < 0) {
		int64_t n = 0;
		if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM webhooks "
				 "WHERE org_id = ?", "i", ctx->org_id))
			return -1;
		d->hooks = n > 0;
	}
	return !d->hooks;
}

int history_record(struct fc_ctx *ctx, const struct history_event *ev,
		   struct fc_error *err)
{
	char now[TIME_LEN], prev[CHAIN_HEX + 1], hash[CHAIN_HEX + 1];
	char *data = ev->data ? json_dumps(ev->data, JSON_COMPACT) : NULL;
	const char *at = ev->at ? ev->at : now;
	struct chain_head head;
	struct chain_event link = { .org_id = ctx->org_id, .at = at,
		.actor_id = ctx->user.id, .has_actor = ctx->user.id != 0,
		.entity = ev->entity, .entity_id = ev->entity_id,
		.action = ev->action, .from_step = ev->from_step,
		.to_step = ev->to_step, .reason = ev->reason, .data = data };
	int rc;

	ctx_now_time(ctx, now);
	/* the event is the next link of the organisation's chain, whose head
	 * stays locked until this transaction ends */
	if ((rc = next_link(ctx, &head, &link.id, err))) {
		free(data);
		return rc;
	}
	chain_link(&head, &link, prev, hash);
	struct db_stmt *st = db_prepare(ctx->db,
		"INSERT INTO events (id, org_id, at, actor_id, entity, entity_id, "
		"action, from_step, to_step, reason, data, prev_hash, hash) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st) {
		free(data);
		return db_error(ctx->db, err);
	}
	db_bind_int(st, 1, link.id);
	db_bind_int(st, 2, ctx->org_id);
	db_bind_text(st, 3, at);
	if (ctx->user.id)
		db_bind_int(st, 4, ctx->user.id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, ev->entity);
	db_bind_int(st, 6, ev->entity_id);
	db_bind_text(st, 7, ev->action);
	db_bind_text(st, 8, ev->from_step);
	db_bind_text(st, 9, ev->to_step);
	db_bind_text(st, 10, ev->reason);
	db_bind_text(st, 11, data);
	db_bind_text(st, 12, prev);
	db_bind_text(st, 13, hash);
	rc = db_step(st);
	db_done(st);
	free(data);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (chain_deferred(ctx)) {
		ctx->defer->head = head;
		ctx->defer->chain_valid = ctx->defer->chain_dirty = 1;
	} else if ((rc = chain_head_store(ctx->db, ctx->org_id, &head, err))) {
		return rc;
	}
	/* the webhooks' outbox is written here, in the change's transaction,
	 * for every event of every service */
	if ((rc = hooks_known_none(ctx, err)) < 0)
		return db_error(ctx->db, err);
	if (!rc && (rc = webhook_outbox_write(ctx, link.id, ev->entity,
					      ev->entity_id, ev->action, at,
					      ev->from_step, ev->to_step,
					      ev->reason, ev->data, err)))
		return rc;
	if (!strcmp(ev->entity, "deal") && history_is_step_action(ev->action) &&
	    track_step(ctx, ev, at, link.id))
		return db_error(ctx->db, err);
	return 0;
}

int history_restate(struct fc_ctx *ctx, int64_t deal, struct fc_error *err)
{
	if (rollups_apply(ctx, deal, "-1 * ", RU_ALL) ||
	    db_run(ctx->db, "DELETE FROM deal_steps WHERE org_id = ? AND deal_id = ?",
		   "ii", ctx->org_id, deal) < 0)
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
		   " IN ('lost', 'disqualified') THEN NULL ELSE x.next_to END, x.id "
		   "FROM (SELECT e.id, "
		   "e.org_id, e.entity_id, e.action, e.to_step, e.at, LEAD(e.at) OVER w"
		   " AS next_at, LEAD(e.action) OVER w AS next_action, LEAD(e.to_step)"
		   " OVER w AS next_to FROM events e WHERE e.org_id = ? AND e.entity = "
		   "'deal' AND e.action IN ('create', 'advance', 'back', 'force', "
		   "'won', 'lost', 'reopen', 'disqualified') WINDOW w AS (PARTITION BY "
		   "e.org_id, e.entity_id ORDER BY e.id)) x JOIN deals d ON d.org_id = "
		   "x.org_id AND d.id = x.entity_id WHERE x.action NOT IN ('lost', "
		   "'disqualified')", "i",
		   ctx->org_id) < 0)
		return db_error(ctx->db, err);
	return history_rebuild_aggregates(ctx, err);
}

int history_rebuild_aggregates(struct fc_ctx *ctx, struct fc_error *err)
{
	struct buf b = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < NROLLUPS && !rc; i++) {
		buf_clear(&b);
		buf_addf(&b, "DELETE FROM %s WHERE org_id = ?", rollups[i].table);
		if (db_run(ctx->db, b.s, "i", ctx->org_id) < 0) {
			rc = db_error(ctx->db, err);
			break;
		}
		buf_clear(&b);
		rollup_sql(&b, &rollups[i], NULL);
		if (db_run(ctx->db, b.s, "i", ctx->org_id) < 0)
			rc = db_error(ctx->db, err);
	}
	buf_release(&b);
	return rc;
}

/* Appends the backfill of migration FILE (from its "-- backfill" line to
 * its "-- end of backfill"), in the SQL of DB's dialect, to B. */
static int add_backfill(struct db *db, struct buf *b, const char *file,
			struct fc_error *err)
{
	const struct embedded_file *f = embedded_find(sql_migrations, file);
	char *sql = f ? migrate_render(db_dialect(db), (const char *)f->data) : NULL;
	const char *from = sql ? strstr(sql, "\n-- backfill") : NULL;
	const char *to = from ? strstr(from, "\n-- end of backfill") : NULL;
	if (to)
		buf_add(b, from, (size_t)(to - from));
	free(sql);
	if (!to)
		return fc_fail(err, FC_ESTORE, NULL, "the backfill of %s is missing",
			       file);
	return 0;
}

int history_rebuild_activity(struct fc_ctx *ctx, struct fc_error *err)
{
	static const char *const tables[] = {
		"report_interactions", "report_open_steps", "report_coverage",
		"report_open_deals", "report_closed_deals", "report_wins",
	};
	struct buf b = BUF_INIT;
	int rc;

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		buf_addf(&b, "DELETE FROM %s;", tables[i]);
	if (!(rc = add_backfill(ctx->db, &b, "007-report-rollups.sql", err)) &&
	    !(rc = add_backfill(ctx->db, &b, "017-agenda-ranking.sql", err)) &&
	    !(rc = add_backfill(ctx->db, &b, "040-followup-first-wins.sql", err)) &&
	    !(rc = add_backfill(ctx->db, &b, "041-agenda-open-rank.sql", err)) &&
	    !(rc = add_backfill(ctx->db, &b, "043-report-money.sql", err)) &&
	    !(rc = add_backfill(ctx->db, &b, "045-agenda-rank-columns.sql", err)) &&
	    !(rc = add_backfill(ctx->db, &b, "046-promises-to-sweep.sql", err)) &&
	    !(rc = add_backfill(ctx->db, &b, "051-agenda-unfit-agreements.sql",
				err)) &&
	    db_exec(ctx->db, b.s) != 0)
		rc = db_error(ctx->db, err);
	buf_release(&b);
	return rc;
}
