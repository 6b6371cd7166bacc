/* The demo's fast path (see internal.h): the rows and history events of
 * the core services written straight through prepared statements, inside
 * the generator's batch transaction. The generator only asks for moves the
 * rules allow (it walks each deal the way the services would accept), so
 * the checks are not repeated here. The deal being generated lives in
 * memory and is written once in its final state; ids are given here the way
 * SQLite gives them (the next after the largest), so both paths write the
 * same rows and events, byte for byte (tests/e2e/cli/demo.test.mjs). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/chain.h"
#include "core/check.h"
#include "core/currency.h"
#include "core/deal-internal.h"
#include "core/engage.h"
#include "core/demo/internal.h"
#include "core/history.h"
#include "core/money.h"
#include "core/promise.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* The page cache of the load (KiB, as PRAGMA cache_size reads a negative
 * number), and the smaller one of the index builds (bulk_indexes_build) */
#define LOAD_CACHE_KIB "-524288"
#define INDEX_CACHE_KIB "-131072"

static const char *const table_names[BT_COUNT] = { "accounts", "contacts",
	"deals", "next_steps", "interactions", "wants", "fits", "checks", "asks",
	"referrals", "events", "deal_steps" };

/* The columns bulk_insert writes for each table of plain records, taken
 * from the input's keys of the same names (absent: NULL). */
static const char *const insert_sql[BT_COUNT] = {
	[BT_ACCOUNTS] = "INSERT INTO accounts (id, org_id, created_at, updated_at, "
		"name, domain, industry, size, address, owner_id) VALUES (?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?)",
	[BT_CONTACTS] = "INSERT INTO contacts (id, org_id, created_at, updated_at, "
		"name, email, phone, title, account_id, source, owner_id, need, "
		"timing_from, timing_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?)",
	[BT_WANTS] = "INSERT INTO wants (id, org_id, created_at, updated_at, "
		"deal_id, contact_id, interaction_id, kind, text, importance) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[BT_FITS] = "INSERT INTO fits (id, org_id, created_at, updated_at, want_id, "
		"offering_id, how, deal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[BT_REFERRALS] = "INSERT INTO referrals (id, org_id, created_at, "
		"updated_at, from_contact_id, contact_id, deal_id, source_deal_id, "
		"from_account_id, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};
static const char *const insert_keys[BT_COUNT][11] = {
	[BT_ACCOUNTS] = { "name", "domain", "industry", "size", "address",
			  "owner_id" },
	[BT_CONTACTS] = { "name", "email", "phone", "title", "account_id",
			  "source", "owner_id", "need", "timing_from", "timing_to" },
	[BT_WANTS] = { "deal_id", "contact_id", "interaction_id", "kind", "text",
		       "importance" },
	[BT_FITS] = { "want_id", "offering_id", "how", "deal_id" },
	[BT_REFERRALS] = { "from_contact_id", "contact_id", "deal_id",
			   "source_deal_id", "from_account_id", "owner_id" },
};

/* ctx->now as stored text, formatted once per distinct time. */
static const char *now_text(struct bulk *b)
{
	if (b->now_at != b->ctx->now || !b->now[0]) {
		time_format(b->ctx->now, b->now);
		b->now_at = b->ctx->now;
	}
	return b->now;
}

static int fail_db(struct bulk *b, struct fc_error *err)
{
	return db_error(b->ctx->db, err);
}

static int run(struct bulk *b, struct fc_error *err, int rc)
{
	return rc < 0 ? fail_db(b, err) : 0;
}

/* Binds text, or NULL for NULL or "" (the in-memory form of NULL). */
static void bind_opt(struct db_stmt *st, int i, const char *s)
{
	if (s && *s)
		db_bind_text(st, i, s);
	else
		db_bind_null(st, i);
}

static void bind_id(struct db_stmt *st, int i, int64_t v)
{
	if (v)
		db_bind_int(st, i, v);
	else
		db_bind_null(st, i);
}

static int step_done(struct bulk *b, struct db_stmt *st, struct fc_error *err)
{
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? fail_db(b, err) : 0;
}

/* JSON text as json_dumps(JSON_COMPACT) writes it, for the flat objects of
 * event data: strings, integers, booleans and null. */
static void json_add_str(struct buf *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run_from = s;
	buf_addch(o, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(o, run_from, (size_t)(s - run_from));
		run_from = s + 1;
		switch (c) {
		case '"': buf_adds(o, "\\\""); break;
		case '\\': buf_adds(o, "\\\\"); break;
		case '\b': buf_adds(o, "\\b"); break;
		case '\f': buf_adds(o, "\\f"); break;
		case '\n': buf_adds(o, "\\n"); break;
		case '\r': buf_adds(o, "\\r"); break;
		case '\t': buf_adds(o, "\\t"); break;
		default: {
			char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			buf_adds(o, u);
		}
		}
	}
	buf_add(o, run_from, (size_t)(s - run_from));
	buf_addch(o, '"');
}

static void json_add_int(struct buf *o, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_add(o, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* Opens an object or adds a separator, then "KEY":. */
static void json_key(struct buf *o, const char *key)
{
	buf_addch(o, o->len && o->s[o->len - 1] != '{' ? ',' : '{');
	buf_addch(o, '"');
	buf_adds(o, key);
	buf_adds(o, "\":");
}

static void json_kv_str(struct buf *o, const char *key, const char *v)
{
	json_key(o, key);
	json_add_str(o, v);
}

static void json_kv_int(struct buf *o, const char *key, int64_t v)
{
	json_key(o, key);
	json_add_int(o, v);
}

/* IN's members in order but SKIP; -1 when a value is not flat. */
static int json_flat(struct buf *o, json_t *in, const char *skip)
{
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v) {
		if (skip && !strcmp(k, skip))
			continue;
		json_key(o, k);
		switch (json_typeof(v)) {
		case JSON_STRING: json_add_str(o, json_string_value(v)); break;
		case JSON_INTEGER: json_add_int(o, json_integer_value(v)); break;
		case JSON_TRUE: buf_adds(o, "true"); break;
		case JSON_FALSE: buf_adds(o, "false"); break;
		case JSON_NULL: buf_adds(o, "null"); break;
		default: return -1;
		}
	}
	if (!o->len)
		buf_addch(o, '{');
	buf_addch(o, '}');
	return 0;
}

/* The deal's stays follow its step events as history.c's track_step keeps
 * `deal_steps`: the open stay is closed, and unless the deal was lost (or
 * disqualified) the
 * next one opens. ACTION is static text. */
static int track_step(struct bulk *b, const char *action, const char *to,
		      int64_t event_id, struct fc_error *err)
{
	int lost = !strcmp(action, "lost") || !strcmp(action, "disqualified");
	struct bulk_stay *s;
	for (int i = 0; i < b->nstays; i++) {
		s = &b->stays[i];
		if (s->left_at[0])
			continue;
		snprintf(s->left_at, sizeof(s->left_at), "%s", now_text(b));
		s->left_by = action;
		snprintf(s->to_step, sizeof(s->to_step), "%s", lost || !to ? "" : to);
	}
	if (lost || !to)
		return 0;
	if (b->nstays >= BULK_STAYS_MAX)
		return fc_fail(err, FC_ELIMIT, NULL, "deal %" PRId64 " changed step "
			       "more than %d times", b->d.id, BULK_STAYS_MAX);
	s = &b->stays[b->nstays++];
	memset(s, 0, sizeof(*s));
	s->id = ++b->last_id[BT_DEAL_STEPS];
	s->event_id = event_id;
	s->entered_by = action;
	snprintf(s->step, sizeof(s->step), "%s", to);
	snprintf(s->entered_at, sizeof(s->entered_at), "%s", now_text(b));
	return 0;
}

/* One history row (core/history.c) with DATA as JSON text (may be NULL).
 * ACTION is static text. */
static int event(struct bulk *b, const char *entity, int64_t id,
		 const char *action, const char *from, const char *to,
		 const char *reason, const char *data, struct fc_error *err)
{
	struct fc_ctx *ctx = b->ctx;
	struct db_stmt *st;
	char prev[CHAIN_HEX + 1], hash[CHAIN_HEX + 1];
	int64_t eid;
	int rc;
	if (data == b->json.s && b->json.overflow)
		return fc_fail(err, FC_ELIMIT, "data", "the data of a '%s' event is "
			       "over %zu bytes", entity, b->json.cap);
	st = db_prepare(ctx->db,
		"INSERT INTO events (id, org_id, at, actor_id, entity, entity_id, "
		"action, from_step, to_step, reason, data, prev_hash, hash) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return fail_db(b, err);
	eid = ++b->last_id[BT_EVENTS];
	struct chain_event link = { .id = eid, .org_id = ctx->org_id,
		.at = now_text(b), .actor_id = ctx->user.id,
		.has_actor = ctx->user.id != 0, .entity = entity, .entity_id = id,
		.action = action, .from_step = from, .to_step = to,
		.reason = reason, .data = data };
	chain_link(&b->chain, &link, prev, hash);
	db_bind_int(st, 1, eid);
	db_bind_int(st, 2, ctx->org_id);
	db_bind_text(st, 3, now_text(b));
	bind_id(st, 4, ctx->user.id);
	db_bind_text(st, 5, entity);
	db_bind_int(st, 6, id);
	db_bind_text(st, 7, action);
	db_bind_text(st, 8, from);
	db_bind_text(st, 9, to);
	db_bind_text(st, 10, reason);
	db_bind_text(st, 11, data);
	db_bind_text(st, 12, prev);
	db_bind_text(st, 13, hash);
	if ((rc = step_done(b, st, err)))
		return rc;
	if (!strcmp(entity, "deal") && history_is_step_action(action))
		return track_step(b, action, to, eid, err);
	return 0;
}

static int stays_flush(struct bulk *b, struct fc_error *err)
{
	const struct bulk_deal *d = &b->d;
	int rc = 0;
	for (int i = 0; i < b->nstays && !rc; i++) {
		const struct bulk_stay *s = &b->stays[i];
		struct db_stmt *st = db_prepare(b->ctx->db, "INSERT INTO deal_steps "
			"(id, org_id, deal_id, process_id, owner_id, step, entered_at, "
			"entered_by, left_at, left_by, to_step, event_id) VALUES (?, ?, "
			"?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			return fail_db(b, err);
		db_bindf(st, "iiiiisss", s->id, b->ctx->org_id, d->id, d->process_id,
			 d->owner_id, s->step, s->entered_at, s->entered_by);
		bind_opt(st, 9, s->left_at);
		bind_opt(st, 10, s->left_by);
		bind_opt(st, 11, s->to_step);
		db_bind_int(st, 12, s->event_id);
		rc = step_done(b, st, err);
	}
	b->nstays = 0;
	return rc;
}

/* An event whose data is the flat object IN without SKIP. */
static int event_json(struct bulk *b, const char *entity, int64_t id,
		      const char *action, const char *to, json_t *in,
		      const char *skip, struct fc_error *err)
{
	char *dumped = NULL;
	int rc;
	buf_clear(&b->json);
	if (json_flat(&b->json, in, skip)) {
		json_t *copy = json_copy(in);
		if (skip)
			json_object_del(copy, skip);
		dumped = json_dumps(copy, JSON_COMPACT);
		json_decref(copy);
	}
	rc = event(b, entity, id, action, NULL, to, NULL, dumped ? dumped
		   : b->json.s, err);
	free(dumped);
	return rc;
}

int bulk_open(struct bulk *b, struct fc_ctx *ctx, int fresh,
	      struct fc_error *err)
{
	memset(b, 0, sizeof(*b));
	b->ctx = ctx;
	buf_init(&b->json, (size_t)1 << 20);
	if (db_dialect(ctx->db) != DB_SQLITE)
		return fc_fail(err, FC_EINVAL, "path", "the bulk path needs a SQLite "
			       "database; use '--path services'");
	/* this connection only: a bigger page cache, temporary b-trees and
	 * statement journals in memory, no foreign-key checks (rows refer
	 * to the deal row before it is written; the generator only writes
	 * ids that exist) and no CHECK constraints (the generator writes
	 * only values the services accept; SQLite evaluates a CHECK's IN
	 * list through a temporary b-tree built again for every row) */
	if (db_exec(ctx->db, "PRAGMA cache_size = " LOAD_CACHE_KIB "; "
		    "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF; "
		    "PRAGMA ignore_check_constraints = ON") != 0)
		return fail_db(b, err);
	/* a new file: every page is written once, straight into it, instead
	 * of through the WAL and a checkpoint */
	if (fresh) {
		if (db_exec(ctx->db, "PRAGMA journal_mode = OFF; PRAGMA synchronous "
			    "= OFF") != 0)
			return fail_db(b, err);
		b->unjournaled = 1;
	}
	return 0;
}

/* Drops the schema objects of TYPE on the tables the demo writes, keeping
 * their CREATE statements in SQL (at most BULK_INDEXES_MAX). The indexes
 * the load itself reads by stay: a win's effects look up the deal's
 * checks and referral, and an answered ask is found by its deal
 * (core/deal-outcome.c, bulk_ask_done); without them each lookup reads
 * the whole table, and the load grows with the square of the deals. */
static int set_aside(struct bulk *b, const char *type, char **sql, int *n,
		     struct fc_error *err)
{
	struct buf drop = BUF_INIT;
	struct db_stmt *st;
	int rc = 0;
	st = db_prepare(b->ctx->db, "SELECT name, sql FROM sqlite_master WHERE "
			"type = ? AND sql IS NOT NULL AND tbl_name IN ('accounts', "
			"'contacts', 'deals', 'next_steps', 'interactions', 'wants', "
			"'fits', 'checks', 'asks', 'referrals', 'events', 'deal_steps', "
			"'stakeholders') AND name NOT IN ('checks_deal', "
			"'referrals_deal', 'asks_deal') ORDER BY name");
	if (!st)
		return fail_db(b, err);
	db_bind_text(st, 1, type);
	while ((rc = db_step(st)) > 0 && *n < BULK_INDEXES_MAX) {
		buf_addf(&drop, "DROP %s \"%s\";", type, db_col_text(st, 0));
		sql[(*n)++] = xstrdup(db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0 || (drop.len && db_exec(b->ctx->db, drop.s) != 0))
		rc = fail_db(b, err);
	else
		rc = 0;
	buf_release(&drop);
	return rc;
}

/* Runs the CREATE statements set aside in SQL, last first. */
static int make_again(struct bulk *b, char **sql, int *n, struct fc_error *err)
{
	int rc = 0;
	while (*n > 0 && !rc) {
		if (db_exec(b->ctx->db, sql[*n - 1]) != 0)
			rc = fail_db(b, err);
		free(sql[*n - 1]);
		(*n)--;
	}
	return rc;
}

int bulk_indexes_drop(struct bulk *b, struct fc_error *err)
{
	int rc = set_aside(b, "index", b->index_sql, &b->nindexes, err);
	return rc ? rc : set_aside(b, "trigger", b->trigger_sql, &b->ntriggers,
				   err);
}

int bulk_indexes_build(struct bulk *b, struct fc_error *err)
{
	/* SQLite's sorter keeps up to the page cache's size of keys in memory
	 * (twice that with its per-key overhead) before it writes a sorted
	 * run to a temporary file: at the load's cache, building the events'
	 * indexes took the process from 0.85 to 2.3 GB at 1,000,000 deals;
	 * shorter runs, merged, cost about 1 s more of CPU at 200,000 deals */
	if (db_exec(b->ctx->db, "PRAGMA cache_size = " INDEX_CACHE_KIB) != 0)
		return fail_db(b, err);
	int rc = make_again(b, b->index_sql, &b->nindexes, err);
	if (!rc && db_exec(b->ctx->db, "PRAGMA cache_size = " LOAD_CACHE_KIB) != 0)
		rc = fail_db(b, err);
	return rc;
}

int bulk_triggers_build(struct bulk *b, struct fc_error *err)
{
	return make_again(b, b->trigger_sql, &b->ntriggers, err);
}

void bulk_close(struct bulk *b)
{
	struct fc_error ignored = { 0 };
	bulk_indexes_build(b, &ignored);
	bulk_triggers_build(b, &ignored);
	if (b->ctx && db_dialect(b->ctx->db) == DB_SQLITE)
		db_exec(b->ctx->db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = "
			"-2000; PRAGMA temp_store = DEFAULT; "
			"PRAGMA ignore_check_constraints = OFF");
	/* as store/sqlite opens every database */
	if (b->unjournaled)
		db_exec(b->ctx->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous "
			"= NORMAL");
	b->unjournaled = 0;
	buf_release(&b->json);
	free(b->periodic);
	b->periodic = NULL;
	b->nperiodic = b->periodic_alloc = 0;
}

int bulk_batch_begin(struct bulk *b, struct fc_error *err)
{
	char sql[96];
	b->have_deal = b->have_next = b->nstays = 0;
	b->ask_deal = b->ask_id = 0;
	for (int t = 0; t < BT_COUNT; t++) {
		snprintf(sql, sizeof(sql), "SELECT COALESCE(MAX(id), 0) FROM %s",
			 table_names[t]);
		if (db_query_int(b->ctx->db, &b->last_id[t], sql, ""))
			return fail_db(b, err);
	}
	/* the batch's events are the next links of the chain, whose head is
	 * stored at the batch's end */
	return chain_head_lock(b->ctx->db, b->ctx->org_id, &b->chain, err);
}

static int next_flush(struct bulk *b, struct fc_error *err)
{
	const struct bulk_next *n = &b->n;
	struct db_stmt *st;
	if (!b->have_next)
		return 0;
	b->have_next = 0;
	st = db_prepare(b->ctx->db, "INSERT INTO next_steps (id, org_id, what, due, "
			"type, deal_id, owner_id, status, interaction_id, done_at, "
			"created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, "
			"?, ?, ?, ?, ?, ?)");
	if (!st)
		return fail_db(b, err);
	db_bindf(st, "iisssiis", n->id, b->ctx->org_id, n->what, n->due, n->type,
		 n->deal_id, n->owner_id, n->status);
	bind_id(st, 9, n->interaction_id);
	bind_opt(st, 10, n->done_at);
	db_bind_text(st, 11, n->created_at);
	db_bind_text(st, 12, n->updated_at);
	db_bind_int(st, 13, n->version);
	return step_done(b, st, err);
}

static int deal_flush(struct bulk *b, struct fc_error *err)
{
	const struct bulk_deal *d = &b->d;
	struct db_stmt *st;
	int rc;
	if ((rc = next_flush(b, err)) || !b->have_deal ||
	    (rc = stays_flush(b, err)))
		return rc;
	b->have_deal = 0;
	st = db_prepare(b->ctx->db, "INSERT INTO deals (id, org_id, title, "
			"account_id, contact_id, value_cents, currency, close_date, "
			"owner_id, process_id, step, step_entered_at, status, "
			"created_at, updated_at, lost_reason, next_step_id, "
			"delivered_on, closed_at, source_referral_id, version, "
			"disqualified_reason, disqualified_note) VALUES (?, ?, ?, ?, ?, "
			"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return fail_db(b, err);
	db_bindf(st, "iisiiissiisssss", d->id, b->ctx->org_id, d->title,
		 d->account_id, d->contact_id, d->value_minor, d->currency,
		 d->close_date, d->owner_id, d->process_id, d->step,
		 d->step_entered_at, d->status, d->created_at, d->updated_at);
	bind_opt(st, 8, d->close_date);
	bind_opt(st, 16, d->lost_reason);
	bind_id(st, 17, d->next_step_id);
	bind_opt(st, 18, d->delivered_on);
	bind_opt(st, 19, d->closed_at);
	bind_id(st, 20, d->source_referral_id);
	db_bind_int(st, 21, d->version);
	bind_opt(st, 22, d->disqualified_reason);
	bind_opt(st, 23, d->disqualified_note);
	return step_done(b, st, err);
}

int bulk_batch_end(struct bulk *b, struct fc_error *err)
{
	int rc = deal_flush(b, err);
	return rc ? rc : chain_head_store(b->ctx->db, b->ctx->org_id, &b->chain,
					  err);
}

/* The deal a move is for: the one in memory. */
static int current(struct bulk *b, int64_t deal, struct fc_error *err)
{
	if (b->have_deal && b->d.id == deal)
		return 0;
	return fc_fail(err, FC_ESTORE, NULL, "the bulk path moves only the deal "
		       "created last, not deal %" PRId64, deal);
}

int bulk_insert(struct bulk *b, enum bulk_table t, const char *entity,
		json_t *in, int64_t *id, struct fc_error *err)
{
	struct fc_ctx *ctx = b->ctx;
	struct db_stmt *st;
	int rc;
	if (!insert_sql[t])
		return fc_fail(err, FC_EINVAL, NULL, "no bulk insert into %s",
			       table_names[t]);
	*id = ++b->last_id[t];
	st = db_prepare(ctx->db, insert_sql[t]);
	if (!st)
		return fail_db(b, err);
	db_bindf(st, "iiss", *id, ctx->org_id, now_text(b), now_text(b));
	for (int i = 0; insert_keys[t][i]; i++) {
		json_t *v = json_object_get(in, insert_keys[t][i]);
		if (json_is_integer(v))
			db_bind_int(st, 5 + i, json_integer_value(v));
		else if (json_is_string(v))
			db_bind_text(st, 5 + i, json_string_value(v));
		else
			db_bind_null(st, 5 + i);
	}
	if ((rc = step_done(b, st, err)))
		return rc;
	return entity ? event_json(b, entity, *id, "create", NULL, in, NULL, err)
		      : 0;
}

/* Marks the open next step done now (next-step.c's next_step_write). */
/* As promise_close_missed(): the open promise, settled past its grace days,
 * is first recorded as missed, with no actor. */
static int close_missed(struct bulk *b, struct fc_error *err)
{
	struct fc_ctx *ctx = b->ctx;
	char today[DATE_LEN], on[DATE_LEN];
	int32_t today_day, due;
	int grace = b->d.grace_days, rc;
	ctx_today(ctx, today);
	if (date_parse(today, &today_day) || date_parse(b->n.due, &due) ||
	    !promise_missed(due, grace, today_day))
		return 0;
	date_format(promise_missed_on(due, grace), on);
	if (db_run(ctx->db, "INSERT INTO missed_promises (org_id, next_step_id, "
		   "due, deal_id, owner_id, process_id, missed_on) VALUES (?, ?, ?, "
		   "?, ?, ?, ?)", "iisiiis", ctx->org_id, b->n.id, b->n.due,
		   b->d.id, b->n.owner_id, b->d.process_id, on) < 0)
		return fail_db(b, err);
	json_t *data = json_pack("{s:I, s:s, s:s, s:i, s:s}", "deal_id",
				 (json_int_t)b->d.id, "what", b->n.what, "due",
				 b->n.due, "grace_days", grace, "missed_on", on);
	char *text = json_dumps(data, JSON_COMPACT);
	int64_t actor = ctx->user.id;
	ctx->user.id = 0;
	rc = event(b, "next_step", b->n.id, "missed", NULL, NULL, NULL, text, err);
	ctx->user.id = actor;
	free(text);
	json_decref(data);
	return rc;
}

static int next_close(struct bulk *b, struct fc_error *err)
{
	int rc;
	if (!b->have_next)
		return 0;
	if (!strcmp(b->n.status, "open") && (rc = close_missed(b, err)))
		return rc;
	snprintf(b->n.status, sizeof(b->n.status), "done");
	snprintf(b->n.done_at, sizeof(b->n.done_at), "%s", now_text(b));
	snprintf(b->n.updated_at, sizeof(b->n.updated_at), "%s", now_text(b));
	b->n.version++;
	return next_flush(b, err);
}

/* The one place a deal's next step is written: the open one is done, the
 * new one (id *ID) is current. */
static int next_write(struct bulk *b, json_t *spec, int64_t interaction,
		      int64_t *id, struct fc_error *err)
{
	struct bulk_next *n = &b->n;
	const char *what = json_string_value(json_object_get(spec, "what"));
	const char *due = json_string_value(json_object_get(spec, "due"));
	const char *type = json_string_value(json_object_get(spec, "type"));
	int rc;
	if (!what || !due || !type)
		return fc_fail(err, FC_EINVAL, "next_step", "a next step needs what, "
			       "due and type");
	if ((rc = next_close(b, err)))
		return rc;
	memset(n, 0, sizeof(*n));
	n->id = *id = ++b->last_id[BT_NEXT_STEPS];
	n->deal_id = b->d.id;
	n->owner_id = b->d.owner_id;
	n->interaction_id = interaction;
	n->version = 1;
	snprintf(n->what, sizeof(n->what), "%s", what);
	snprintf(n->due, sizeof(n->due), "%s", due);
	snprintf(n->type, sizeof(n->type), "%s", type);
	snprintf(n->status, sizeof(n->status), "open");
	snprintf(n->created_at, sizeof(n->created_at), "%s", now_text(b));
	snprintf(n->updated_at, sizeof(n->updated_at), "%s", now_text(b));
	b->have_next = 1;
	b->d.next_step_id = n->id;
	b->d.version++;
	buf_clear(&b->json);
	json_kv_str(&b->json, "what", what);
	json_kv_str(&b->json, "due", due);
	json_kv_str(&b->json, "type", type);
	json_kv_int(&b->json, "deal_id", n->deal_id);
	json_kv_int(&b->json, "owner_id", n->owner_id);
	json_kv_str(&b->json, "status", "open");
	if (interaction)
		json_kv_int(&b->json, "interaction_id", interaction);
	buf_addch(&b->json, '}');
	return event(b, "next_step", n->id, "create", NULL, NULL, NULL, b->json.s,
		     err);
}

int bulk_deal_create(struct bulk *b, const struct process *p, json_t *in,
		     int64_t *id, struct fc_error *err)
{
	struct bulk_deal *d = &b->d;
	const char *title = json_string_value(json_object_get(in, "title"));
	const char *currency = json_string_value(json_object_get(in, "currency"));
	const char *close = json_string_value(json_object_get(in, "close_date"));
	int64_t nid;
	int rc;
	if ((rc = deal_flush(b, err)))
		return rc;
	if (!title)
		return fc_fail(err, FC_EINVAL, "title", "a deal needs a title");
	memset(d, 0, sizeof(*d));
	b->nstays = 0;
	d->id = *id = ++b->last_id[BT_DEALS];
	d->account_id = json_integer_value(json_object_get(in, "account_id"));
	d->contact_id = json_integer_value(json_object_get(in, "contact_id"));
	d->owner_id = json_integer_value(json_object_get(in, "owner_id"));
	if ((currency && (rc = currency_check(currency, "currency", err))) ||
	    (rc = money_from_json(json_object_get(in, "value"), currency ?
				  currency : "USD", "value", &d->value_minor,
				  err)))
		return rc;
	d->process_id = p->id;
	d->grace_days = p->grace_days;
	d->version = 1;
	snprintf(d->title, sizeof(d->title), "%s", title);
	snprintf(d->currency, sizeof(d->currency), "%s", currency ? currency : "USD");
	snprintf(d->close_date, sizeof(d->close_date), "%s", close ? close : "");
	snprintf(d->step, sizeof(d->step), "%s", p->steps[0].key);
	snprintf(d->status, sizeof(d->status), "open");
	snprintf(d->step_entered_at, sizeof(d->step_entered_at), "%s", now_text(b));
	snprintf(d->created_at, sizeof(d->created_at), "%s", now_text(b));
	snprintf(d->updated_at, sizeof(d->updated_at), "%s", now_text(b));
	b->have_deal = 1;
	json_t *ev = json_deep_copy(in);
	history_money_minor(ev, "value");
	rc = event_json(b, "deal", d->id, "create", p->steps[0].key, ev,
			"next_step", err);
	json_decref(ev);
	if (rc)
		return rc;
	return next_write(b, json_object_get(in, "next_step"), 0, &nid, err);
}

int bulk_interaction_log(struct bulk *b, const struct process *p, json_t *in,
			 int64_t *id, struct fc_error *err)
{
	struct fc_ctx *ctx = b->ctx;
	struct bulk_deal *d = &b->d;
	struct db_stmt *st;
	int64_t deal = json_integer_value(json_object_get(in, "deal_id")), nid;
	json_t *comfort = json_object_get(in, "comfort");
	json_t *planned_in = json_object_get(in, "planned");
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *purpose = json_string_value(json_object_get(in, "purpose"));
	const char *notes = json_string_value(json_object_get(in, "notes"));
	const char *type = json_string_value(json_object_get(in, "agreement_type"));
	int agreed = json_is_true(json_object_get(in, "agreement")) || type;
	int planned = 0;
	int rc;

	if ((rc = current(b, deal, err)))
		return rc;
	/* planned as interaction.c has it: it keeps the open next step */
	if (planned_in) {
		planned = json_is_true(planned_in);
	} else if (b->have_next && b->n.deal_id == deal &&
		   !strcmp(b->n.status, "open")) {
		char day[DATE_LEN];
		int32_t on, due;
		snprintf(day, sizeof(day), "%.10s", now_text(b));
		if (!date_parse(b->n.due, &due) && !date_parse(day, &on))
			planned = promise_kept_on(on, due, p->grace_days);
	}
	if (agreed && !type)
		type = "next_step";
	if (!kind)
		return fc_fail(err, FC_EINVAL, "kind", "an interaction needs a kind");
	*id = ++b->last_id[BT_INTERACTIONS];
	st = db_prepare(ctx->db, "INSERT INTO interactions (id, org_id, kind, "
			"deal_id, purpose, notes, planned, contact_id, at, owner_id, "
			"agreement, step, next_step_id, created_at, updated_at, "
			"agreement_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			"?, ?, ?)");
	if (!st)
		return fail_db(b, err);
	db_bindf(st, "iisissiisiisisss", *id, ctx->org_id, kind, deal, purpose,
		 notes, (int64_t)planned, d->contact_id, now_text(b), ctx->user.id,
		 (int64_t)agreed, d->step, (int64_t)0, now_text(b), now_text(b),
		 type);
	/* the next step written below takes the next id */
	bind_id(st, 13, agreed ? b->last_id[BT_NEXT_STEPS] + 1 : 0);
	if ((rc = step_done(b, st, err)))
		return rc;
	/* as the service's record: the input's fields, then the derived ones */
	buf_clear(&b->json);
	json_kv_str(&b->json, "kind", kind);
	json_kv_int(&b->json, "deal_id", deal);
	if (purpose)
		json_kv_str(&b->json, "purpose", purpose);
	if (notes)
		json_kv_str(&b->json, "notes", notes);
	if (planned_in)
		json_kv_int(&b->json, "planned", planned);
	json_kv_int(&b->json, "contact_id", d->contact_id);
	json_kv_str(&b->json, "at", now_text(b));
	if (!planned_in)
		json_kv_int(&b->json, "planned", planned);
	json_kv_int(&b->json, "owner_id", ctx->user.id);
	json_kv_int(&b->json, "agreement", agreed);
	if (agreed)
		json_kv_str(&b->json, "agreement_type", type);
	json_kv_str(&b->json, "step", d->step);
	buf_addch(&b->json, '}');
	if ((rc = event(b, "interaction", *id, "create", NULL, NULL, NULL,
			b->json.s, err)))
		return rc;
	if (agreed && (rc = next_write(b, json_object_get(in, "next_step"), *id,
				       &nid, err)))
		return rc;
	if (comfort)
		return run(b, err, db_run(ctx->db, "UPDATE contacts SET comfort = ?, "
			   "updated_at = ?, version = version + 1 WHERE org_id = ? AND "
			   "id = ?", "isii", json_integer_value(comfort), now_text(b),
			   ctx->org_id, d->contact_id));
	if (agreed)
		return run(b, err, db_run(ctx->db, "UPDATE contacts SET comfort = "
			   "comfort + 1, updated_at = ?, version = version + 1 WHERE "
			   "org_id = ? AND id = ? AND comfort < 5", "sii", now_text(b),
			   ctx->org_id, d->contact_id));
	return 0;
}

int bulk_want_add(struct bulk *b, json_t *in, int64_t *id,
		  struct fc_error *err)
{
	int rc = bulk_insert(b, BT_WANTS, "want", in, id, err);
	if (!rc && b->have_deal &&
	    json_integer_value(json_object_get(in, "deal_id")) == b->d.id) {
		if (!b->d.first_want)
			b->d.first_want = *id;
		b->d.last_want = *id;
	}
	return rc;
}

int bulk_fit_add(struct bulk *b, json_t *in, int64_t *id,
		 struct fc_error *err)
{
	int64_t want = json_integer_value(json_object_get(in, "want_id")), deal = 0;
	json_t *row;
	int rc;
	if (b->have_deal && b->d.first_want && want >= b->d.first_want &&
	    want <= b->d.last_want)
		deal = b->d.id;
	else if (db_query_int(b->ctx->db, &deal, "SELECT deal_id FROM wants WHERE "
			      "org_id = ? AND id = ?", "ii", b->ctx->org_id, want))
		return fail_db(b, err);
	row = json_copy(in);
	json_object_set_new(row, "deal_id", json_integer(deal));
	rc = bulk_insert(b, BT_FITS, "fit", row, id, err);
	json_decref(row);
	return rc;
}

/* Step, status and their stamps, then the event. */
static int move(struct bulk *b, const char *to, const char *action,
		const char *reason, const char *status, struct fc_error *err)
{
	struct bulk_deal *d = &b->d;
	char from[sizeof(d->step)], next[sizeof(d->step)];
	snprintf(from, sizeof(from), "%s", d->step);
	snprintf(next, sizeof(next), "%s", to);	/* TO may be d->step */
	snprintf(d->step, sizeof(d->step), "%s", next);
	snprintf(d->step_entered_at, sizeof(d->step_entered_at), "%s", now_text(b));
	snprintf(d->updated_at, sizeof(d->updated_at), "%s", now_text(b));
	if (status)
		snprintf(d->status, sizeof(d->status), "%s", status);
	d->version++;
	return event(b, "deal", d->id, action, from, d->step, reason, NULL, err);
}

/* Moves DEAL one step on, as ACTION ("advance", or "force" with REASON). */
static int step_on(struct bulk *b, const struct process *p, int64_t deal,
		   const char *action, const char *reason, struct fc_error *err)
{
	const struct step *s;
	int rc;
	if ((rc = current(b, deal, err)))
		return rc;
	s = process_step(p, b->d.step);
	if (!s || s->position + 1 >= p->nsteps)
		return fc_fail(err, FC_ECONFLICT, "step", "deal %" PRId64 " cannot "
			       "advance from '%s'", deal, b->d.step);
	return move(b, p->steps[s->position + 1].key, action, reason, NULL, err);
}

int bulk_advance(struct bulk *b, const struct process *p, int64_t deal,
		 struct fc_error *err)
{
	return step_on(b, p, deal, "advance", NULL, err);
}

int bulk_force(struct bulk *b, const struct process *p, int64_t deal,
	       const char *reason, struct fc_error *err)
{
	return step_on(b, p, deal, "force", reason, err);
}

/* The outcome's effects are deal_won_effects and deal_referral_follow, the
 * same functions deal_win and deal_lose call. */
int bulk_win(struct bulk *b, const struct process *p, int64_t deal,
	     const char *delivered, struct fc_error *err)
{
	struct bulk_deal *d = &b->d;
	const char *to = NULL;
	int32_t dd;
	int rc;
	if (date_parse(delivered, &dd))
		return fc_fail(err, FC_EINVAL, "delivered", "'delivered' must be a "
			       "date YYYY-MM-DD");
	if ((rc = current(b, deal, err)) || (rc = next_close(b, err)))
		return rc;
	d->next_step_id = 0;
	for (int i = 0; i < p->nsteps && !to; i++)
		if (p->steps[i].phase == PHASE_FOLLOW_UP)
			to = p->steps[i].key;
	snprintf(d->delivered_on, sizeof(d->delivered_on), "%s", delivered);
	snprintf(d->closed_at, sizeof(d->closed_at), "%s", now_text(b));
	d->lost_reason[0] = 0;
	d->check_id = ++b->last_id[BT_CHECKS];
	d->check_periodic = 0;
	struct deal_won w = { .deal_id = deal, .account_id = d->account_id,
			      .owner_id = d->owner_id, .check_id = d->check_id,
			      .delivered = dd, .check_days = p->check_days,
			      .now = now_text(b) };
	if ((rc = deal_won_effects(b->ctx, &w, err)))
		return rc;
	return move(b, to ? to : d->step, "won", NULL, "won", err);
}

int bulk_lose(struct bulk *b, int64_t deal, const char *reason,
	      struct fc_error *err)
{
	struct bulk_deal *d = &b->d;
	int rc;
	if ((rc = current(b, deal, err)) || (rc = next_close(b, err)))
		return rc;
	d->next_step_id = 0;
	snprintf(d->status, sizeof(d->status), "lost");
	snprintf(d->lost_reason, sizeof(d->lost_reason), "%s", reason);
	snprintf(d->closed_at, sizeof(d->closed_at), "%s", now_text(b));
	snprintf(d->updated_at, sizeof(d->updated_at), "%s", now_text(b));
	d->version++;
	if ((rc = deal_referral_follow(b->ctx, deal, "lost", now_text(b), err)))
		return rc;
	return event(b, "deal", deal, "lost", d->step, d->step, reason, NULL, err);
}

/* As deal_disqualify: the next step closed, the referral it came from
 * lost, a "disqualified" event with the note. */
int bulk_disqualify(struct bulk *b, int64_t deal, const char *reason,
		    const char *note, struct fc_error *err)
{
	struct bulk_deal *d = &b->d;
	int rc;
	if ((rc = disqualify_reason_check(reason, err)) ||
	    (rc = current(b, deal, err)) || (rc = next_close(b, err)))
		return rc;
	d->next_step_id = 0;
	snprintf(d->status, sizeof(d->status), "disqualified");
	snprintf(d->disqualified_reason, sizeof(d->disqualified_reason), "%s",
		 reason);
	snprintf(d->disqualified_note, sizeof(d->disqualified_note), "%s",
		 note ? note : "");
	snprintf(d->closed_at, sizeof(d->closed_at), "%s", now_text(b));
	snprintf(d->updated_at, sizeof(d->updated_at), "%s", now_text(b));
	d->version++;
	if ((rc = deal_referral_follow(b->ctx, deal, "lost", now_text(b), err)))
		return rc;
	json_t *data = note && *note ? json_pack("{s:s}", "note", note) : NULL;
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	rc = event(b, "deal", deal, "disqualified", d->step, d->step, reason,
		   text, err);
	free(text);
	json_decref(data);
	return rc;
}

int bulk_check(struct bulk *b, const struct process *p, int64_t deal,
	       int score, const char *notes,
	       struct fc_error *err)
{
	struct fc_ctx *ctx = b->ctx;
	int64_t cid;
	int rc;
	if ((rc = current(b, deal, err)))
		return rc;
	if (!(cid = b->d.check_id))
		return fc_fail(err, FC_ECONFLICT, NULL, "deal %" PRId64 " has no "
			       "check to record", deal);
	if ((rc = run(b, err, db_run(ctx->db, "UPDATE checks SET score = ?, notes "
			"= ?, done_at = ?, updated_at = ?, version = version + 1 WHERE "
			"org_id = ? AND id = ?", "isssii", (int64_t)score, notes,
			now_text(b), now_text(b), ctx->org_id, cid))))
		return rc;
	for (int k = 0; score >= 4 && k < 2; k++) {
		int64_t aid = ++b->last_id[BT_ASKS];
		if ((rc = run(b, err, db_run(ctx->db, "INSERT INTO asks (id, org_id, "
				"deal_id, check_id, owner_id, kind, created_at) VALUES (?, "
				"?, ?, ?, ?, ?, ?)", "iiiiiss", aid, ctx->org_id, deal, cid,
				b->d.owner_id, k ? "expansion" : "referral", now_text(b)))))
			return rc;
		if (!k) {
			b->ask_deal = deal;
			b->ask_id = aid;
		}
	}
	/* the account's pending periodic check is this one, now done */
	size_t at = 0;
	while (at < b->nperiodic && b->periodic[at] != b->d.account_id)
		at++;
	if (at < b->nperiodic && b->d.check_periodic)
		b->periodic[at] = b->periodic[--b->nperiodic];
	int pending = at < b->nperiodic, scheduled = 0;
	struct check_periodic cp = { .deal_id = deal, .account_id = b->d.account_id,
				     .owner_id = b->d.owner_id,
				     .months = p->check_every_months,
				     .done = date_from_time(ctx->now),
				     .pending = &pending,
				     .check_id = b->last_id[BT_CHECKS] + 1,
				     .now = now_text(b) };
	if ((rc = check_schedule_periodic(ctx, &cp, &scheduled, err)))
		return rc;
	b->last_id[BT_CHECKS] += scheduled;
	/* the deal's next check to record is the periodic one, if any */
	b->d.check_id = scheduled ? b->last_id[BT_CHECKS] : 0;
	b->d.check_periodic = scheduled;
	if (scheduled) {
		ALLOC_GROW(b->periodic, b->nperiodic + 1, b->periodic_alloc);
		b->periodic[b->nperiodic++] = b->d.account_id;
	}
	buf_clear(&b->json);
	json_kv_int(&b->json, "score", score);
	if (notes && notes[0])
		json_kv_str(&b->json, "notes", notes);
	buf_addch(&b->json, '}');
	return event(b, "deal", deal, "check", NULL, NULL, NULL, b->json.s, err);
}

int bulk_referral_add(struct bulk *b, json_t *in, int64_t *id,
		      struct fc_error *err)
{
	struct fc_ctx *ctx = b->ctx;
	int64_t from = json_integer_value(json_object_get(in, "from_contact_id"));
	int64_t to = json_integer_value(json_object_get(in, "contact_id"));
	int64_t deal = json_integer_value(json_object_get(in, "deal_id"));
	int64_t source = json_integer_value(json_object_get(in, "source_deal_id"));
	int64_t account = 0;
	json_t *row;
	int rc;
	if ((rc = current(b, deal, err)))
		return rc;
	rc = db_query_int(ctx->db, &account, "SELECT COALESCE(account_id, 0) FROM "
			  "contacts WHERE org_id = ? AND id = ?", "ii", ctx->org_id,
			  from);
	if (rc && rc != FC_ENOTFOUND)
		return fail_db(b, err);
	row = json_copy(in);
	if (account)
		json_object_set_new(row, "from_account_id", json_integer(account));
	json_object_set_new(row, "owner_id", json_integer(ctx->user.id));
	rc = bulk_insert(b, BT_REFERRALS, "referral", row, id, err);
	json_decref(row);
	if (rc || (rc = run(b, err, db_run(ctx->db, "UPDATE contacts SET "
			"referred_by_id = ?, source = COALESCE(source, 'referral'), "
			"updated_at = ? WHERE org_id = ? AND id = ? AND referred_by_id "
			"IS NULL", "isii", from, now_text(b), ctx->org_id, to))))
		return rc;
	b->d.source_referral_id = *id;
	if (source && source == b->ask_deal)
		return run(b, err, db_run(ctx->db, "UPDATE asks SET status = 'done', "
			   "done_at = ? WHERE org_id = ? AND id = ? AND status = 'open'",
			   "sii", now_text(b), ctx->org_id, b->ask_id));
	return run(b, err, db_run(ctx->db, "UPDATE asks SET status = 'done', "
		   "done_at = ? WHERE org_id = ? AND deal_id = ? AND kind = "
		   "'referral' AND status = 'open'", "sii", now_text(b), ctx->org_id,
		   source));
}

int bulk_stakeholder_set(struct bulk *b, int64_t deal, int64_t contact,
			 const char *role, struct fc_error *err)
{
	int rc;
	if ((rc = run(b, err, db_run(b->ctx->db, "INSERT INTO stakeholders (org_id, "
			"deal_id, contact_id, role) VALUES (?, ?, ?, ?)", "iiis",
			b->ctx->org_id, deal, contact, role))))
		return rc;
	buf_clear(&b->json);
	json_kv_int(&b->json, "contact_id", contact);
	json_kv_str(&b->json, "role", role);
	buf_addch(&b->json, '}');
	return event(b, "deal", deal, "stakeholder", NULL, NULL, NULL, b->json.s,
		     err);
}

/* As next_step_done(): the promise kept, and the deal's timeline says
 * which. */
int bulk_next_step_done(struct bulk *b, int64_t deal, struct fc_error *err)
{
	int rc;
	if ((rc = current(b, deal, err)))
		return rc;
	if (!b->have_next || strcmp(b->n.status, "open"))
		return fc_fail(err, FC_ENOTFOUND, NULL, "deal %" PRId64 " has no "
			       "open next step", deal);
	if ((rc = next_close(b, err)))
		return rc;
	b->d.next_step_id = 0;
	snprintf(b->d.updated_at, sizeof(b->d.updated_at), "%s", now_text(b));
	b->d.version++;
	json_t *data = json_pack("{s:s?}", "what", b->n.what[0] ? b->n.what : NULL);
	char *text = json_dumps(data, JSON_COMPACT);
	rc = event(b, "deal", deal, "next_step_done", NULL, NULL, NULL, text, err);
	free(text);
	json_decref(data);
	return rc;
}

int bulk_ask_done(struct bulk *b, int64_t deal, const char *kind,
		  struct fc_error *err)
{
	return run(b, err, db_run(b->ctx->db, "UPDATE asks SET status = 'done', "
		   "done_at = ? WHERE org_id = ? AND deal_id = ? AND kind = ? AND "
		   "status = 'open'", "siis", now_text(b), b->ctx->org_id, deal,
		   kind));
}
