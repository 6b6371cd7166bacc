/* The agenda (SPEC.md §3). Each kind of item comes from one indexed query
 * over the user's deals (a manager's: the team's); items are scored in C by
 * one formula, deduplicated to the best item per deal, and sorted with a
 * total order so the same data always gives the same list.
 *
 * score = base(kind) + overdue points + value points, where value points =
 * min(99, weighted value in thousands) and weighted value = value × the
 * step's win probability. A promise's overdue points keep growing for as
 * long as it stays open (promise_overdue_points(): 10 a day for 30 days,
 * then 50 for each doubling of the days); other kinds' are capped. Each
 * kind returns only its best `limit` rows, ranked by the same score in SQL
 * on an index in rank order, or (promises, stalled deals) read in the
 * order of the score's dominant term and cut off once no later row can
 * enter: one item per deal can never need more, since a deal dropped as a
 * duplicate is already on the list. A kind whose highest possible score
 * is below `limit` items already found is not read at all (settled()). */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/agenda.h"
#include "core/check.h"
#include "core/deal-internal.h"
#include "core/deal.h"
#include "core/promise.h"
#include "core/query.h"
#include "core/record.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define CRITERIA_SCAN 100	/* deals whose exit criteria are evaluated */
#define BLOCKED_AFTER_DAYS 7	/* in a step this long without progress */
#define STALLED_CAP 60		/* days past the limit that count, 2 points each */
#define VALUE_POINTS_MAX 99	/* value_points()'s ceiling */

static const struct {
	const char *key;
	int base;
} kinds[AGENDA_KIND_COUNT] = {
	[AGENDA_PROMISE] = { "promise", 1000 },
	[AGENDA_NO_NEXT_STEP] = { "no_next_step", 900 },
	[AGENDA_CHECK] = { "check", 800 },
	[AGENDA_REFERRAL_ASK] = { "referral_ask", 700 },
	[AGENDA_EXPANSION_ASK] = { "expansion_ask", 690 },
	[AGENDA_STALLED] = { "stalled", 600 },
	[AGENDA_READY] = { "ready", 500 },
	[AGENDA_BLOCKED] = { "blocked", 400 },
	[AGENDA_ENGAGE] = { "engage", 300 },
	/* both say why a deal is stuck, so they come before "stalled" */
	[AGENDA_MISSING_PERSON] = { "missing_person", 620 },
	[AGENDA_NO_FIT] = { "no_fit", 610 },
	/* an unhappy customer comes before every deal but a promise */
	[AGENDA_RECOVERY] = { "recovery", 950 },
};

struct item {
	enum agenda_kind kind;
	int64_t score, overdue_pts, value_pts, deal_id, contact_id, ref_id;
	int64_t days;		/* overdue, stalled or waiting days */
	json_t *json;
};

struct agenda {
	struct fc_ctx *ctx;
	int limit;
	int32_t today;
	char today_s[DATE_LEN];
	struct item *items;
	size_t n, alloc;
	json_t *names;		/* owner id -> name, for owners not the user */
	struct process **procs;	/* each process loaded once per agenda */
	size_t nprocs, procs_alloc;
	struct criteria_scan *scan;	/* the exit-criteria scan's candidates */
	int64_t most;		/* the highest score the kind being read can give */
	int explain;		/* items say how their score was made */
};

static int64_t value_points(int64_t cents, int64_t probability)
{
	int64_t thousands = cents / 100 * probability / 100 / 1000;
	return thousands > VALUE_POINTS_MAX ? VALUE_POINTS_MAX
	       : thousands < 0 ? 0 : thousands;
}

static int64_t capped(int64_t v, int64_t cap)
{
	return v < 0 ? 0 : v > cap ? cap : v;
}

static int64_t days_since(const struct agenda *a, const char *date)
{
	int32_t d;
	char buf[DATE_LEN];
	snprintf(buf, sizeof(buf), "%.10s", date ? date : "");
	if (date_parse(buf, &d))
		return 0;
	return a->today - d;
}

/* Whose item it is, as its reason says it: "you" for the acting user,
 * else the owner's name, so that a manager reads whose promise it is. */
static const char *who(struct agenda *a, int64_t owner_id)
{
	char key[24];
	json_t *name;
	if (owner_id == a->ctx->user.id)
		return "you";
	snprintf(key, sizeof(key), "%" PRId64, owner_id);
	if (!(name = json_object_get(a->names, key))) {
		struct db_stmt *st = db_prepare(a->ctx->db, "SELECT name FROM users "
						"WHERE org_id = ? AND id = ?");
		const char *s = NULL;
		if (st) {
			db_bindf(st, "ii", a->ctx->org_id, owner_id);
			if (db_step(st) > 0)
				s = db_col_text(st, 0);
		}
		name = json_string(s && s[0] ? s : "their owner");
		if (st)
			db_done(st);
		json_object_set_new(a->names, key, name);
	}
	return json_string_value(name);
}

static struct item *add(struct agenda *a, enum agenda_kind kind,
			int64_t deal_id, int64_t contact_id, int64_t overdue_pts,
			int64_t value_pts, int64_t days, json_t *json)
{
	ALLOC_GROW(a->items, a->n + 1, a->alloc);
	struct item *it = &a->items[a->n++];
	it->kind = kind;
	it->deal_id = deal_id;
	it->contact_id = contact_id;
	it->overdue_pts = overdue_pts;
	it->value_pts = value_pts;
	it->days = days;
	it->score = kinds[kind].base + overdue_pts + value_pts;
	/* settled() skips a kind on this bound: it must hold */
	assert(it->score <= a->most);
	it->json = json;
	json_object_set_new(json, "kind", json_string(kinds[kind].key));
	json_object_set_new(json, "score", json_integer(it->score));
	if (deal_id)
		json_object_set_new(json, "deal_id", json_integer(deal_id));
	if (contact_id)
		json_object_set_new(json, "contact_id", json_integer(contact_id));
	int64_t owner = json_integer_value(json_object_get(json, "owner_id"));
	if (owner && owner != a->ctx->user.id)
		json_object_set_new(json, "owner_name",
				    json_string(who(a, owner)));
	if (a->explain)
		json_object_set_new(json, "explain", json_pack("{s:i, s:I, s:I, s:I}",
			"base", kinds[kind].base, "overdue_points",
			(json_int_t)overdue_pts, "value_points",
			(json_int_t)value_pts, "days", (json_int_t)days));
	return it;
}

/* Restricts ALIAS.owner_id to the agenda's owners: the user, or for a
 * manager (and an admin in a team) the team; an admin without a team
 * covers the organisation. */
static void owners(struct qb *q, struct fc_ctx *ctx, const char *alias)
{
	if (ctx->user.role == ROLE_REP || !ctx->user.team[0]) {
		if (ctx->user.role == ROLE_ADMIN)
			return;
		qb_sql(q, " AND %s.owner_id = ?", alias);
		qb_int(q, ctx->user.id);
		return;
	}
	qb_sql(q, " AND %s.owner_id IN (SELECT tu.id FROM users tu WHERE "
	       "tu.org_id = ? AND (tu.team = ? OR tu.id = ?))", alias);
	qb_int(q, ctx->org_id);
	qb_text(q, ctx->user.team);
	qb_int(q, ctx->user.id);
}

static const char *col(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return s ? s : "";
}

/* Deal columns every deal query selects first, in this order. */
#define DEAL_COLS "d.id, d.title, d.step, d.value_cents, d.owner_id, " \
	"s.probability, s.name, s.guidance, d.contact_id, d.step_entered_at, " \
	"s.stall_days, d.currency"
#define STEP_JOIN "JOIN steps s ON s.org_id = d.org_id AND s.process_id = " \
	"d.process_id AND s.key = d.step"

/* What an item says of its deal, as DEAL_COLS read it. */
struct deal_head {
	const char *title, *step, *step_name, *guidance, *currency;
	int64_t value, owner_id;
};

/* The deal's head in the row of ST: valid until its next step. */
static struct deal_head deal_head_of(struct db_stmt *st)
{
	return (struct deal_head){ col(st, 1), col(st, 2), col(st, 6), col(st, 7),
				   col(st, 11), db_col_int(st, 3),
				   db_col_int(st, 4) };
}

static json_t *deal_head_json(const struct deal_head *h)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:s, s:I}",
			 "title", h->title, "step", h->step, "step_name",
			 h->step_name, "guidance", h->guidance, "value",
			 money_json(h->value, h->currency), "value_minor",
			 (json_int_t)h->value, "currency", h->currency,
			 "owner_id", (json_int_t)h->owner_id);
}

static json_t *deal_json(struct db_stmt *st)
{
	struct deal_head h = deal_head_of(st);
	return deal_head_json(&h);
}

/* SQL for "days from the date in EXPR to today", as days_since(). */
static void days_to_today(struct agenda *a, const char *expr, struct buf *out)
{
	buf_addf(out, "(%d - ", (int)a->today);
	buf_addf(out, db_sql_daynum(a->ctx->db), expr);
	buf_addch(out, ')');
}

/* SQL for min(CAP, max(0, EXPR)) * WEIGHT, as capped(). */
static void cap_sql(const char *expr, int cap, int weight, struct buf *out)
{
	buf_addf(out, "(CASE WHEN %s > %d THEN %d WHEN %s < 0 THEN 0 ELSE %s END) * %d",
		 expr, cap, cap, expr, expr, weight);
}

typedef int (*row_fn)(struct agenda *a, struct db_stmt *st);

static int run(struct agenda *a, struct qb *q, row_fn fn)
{
	struct db_stmt *st = qb_prepare(q, a->ctx->db);
	int rc;
	if (!st)
		return a->ctx->db->last_error;
	while ((rc = db_step(st)) > 0)
		if ((rc = fn(a, st)) < 0)
			break;
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int promise_row(struct agenda *a, struct db_stmt *st)
{
	/* DEAL_COLS, then ns.what, ns.due, ns.id */
	int64_t over = days_since(a, col(st, 13));
	json_t *j = deal_json(st);
	char reason[400];
	if (over > 0)
		snprintf(reason, sizeof(reason), "%s promised '%s' by %s (%" PRId64
			 " day%s overdue)", who(a, db_col_int(st, 4)), col(st, 12),
			 col(st, 13), over, over == 1 ? "" : "s");
	else
		snprintf(reason, sizeof(reason), "%s promised '%s' for today",
			 who(a, db_col_int(st, 4)), col(st, 12));
	json_object_set_new(j, "reason", json_string(reason));
	json_object_set_new(j, "due", json_string(col(st, 13)));
	json_object_set_new(j, "days_overdue", json_integer(over));
	json_object_set_new(j, "next_step_id", json_integer(db_col_int(st, 14)));
	int64_t pts = promise_overdue_points(over);
	add(a, AGENDA_PROMISE, db_col_int(st, 0), db_col_int(st, 8), pts,
	    value_points(db_col_int(st, 3), db_col_int(st, 5)), over, j);
	if (!a->explain)
		return 0;
	char rule[200];
	snprintf(rule, sizeof(rule), "10 a day for the first 30 days overdue, then "
		 "50 for each doubling of the days (%" PRId64 " day%s: %" PRId64 ")",
		 over, over == 1 ? "" : "s", pts);
	json_object_set_new(json_object_get(j, "explain"), "overdue_rule",
			    json_string(rule));
	return 0;
}


static int no_next_row(struct agenda *a, struct db_stmt *st)
{
	json_t *j = deal_json(st);
	json_object_set_new(j, "reason", json_string("no agreed next step: agree "
		"on one with the customer, with a date"));
	int64_t waiting = days_since(a, col(st, 9));
	add(a, AGENDA_NO_NEXT_STEP, db_col_int(st, 0), db_col_int(st, 8), 0,
	    value_points(db_col_int(st, 3), db_col_int(st, 5)), waiting, j);
	return 0;
}


static int check_row(struct agenda *a, struct db_stmt *st)
{
	/* DEAL_COLS, then c.due, c.id, c.kind, c.delivered_on */
	int64_t over = days_since(a, col(st, 12));
	json_t *j = deal_json(st);
	char reason[300];
	if (!strcmp(col(st, 14), "periodic"))
		snprintf(reason, sizeof(reason), "periodic satisfaction check due "
			 "%s: are they still getting what they wanted?", col(st, 12));
	else
		snprintf(reason, sizeof(reason), "satisfaction check due %s: did they "
			 "get what they wanted?", col(st, 12));
	json_object_set_new(j, "reason", json_string(reason));
	json_object_set_new(j, "check_kind", json_string(col(st, 14)));
	if (!db_col_is_null(st, 15))
		json_object_set_new(j, "delivered_on", json_string(col(st, 15)));
	json_object_set_new(j, "due", json_string(col(st, 12)));
	json_object_set_new(j, "days_overdue", json_integer(over));
	json_object_set_new(j, "check_id", json_integer(db_col_int(st, 13)));
	add(a, AGENDA_CHECK, db_col_int(st, 0), db_col_int(st, 8),
	    capped(over, 30) * 5, 0, over, j);
	return 0;
}


static int ask_row(struct agenda *a, struct db_stmt *st)
{
	/* DEAL_COLS, then k.kind, k.id, k.created_at, account name, score */
	int referral = !strcmp(col(st, 12), "referral");
	int64_t waiting = days_since(a, col(st, 14));
	json_t *j = deal_json(st);
	char reason[400];
	if (referral)
		snprintf(reason, sizeof(reason), "they are satisfied (score %" PRId64
			 "): ask who else they would introduce you to",
			 db_col_int(st, 16));
	else
		snprintf(reason, sizeof(reason), "they are satisfied (score %" PRId64
			 "): look for more business inside '%s'", db_col_int(st, 16),
			 col(st, 15));
	json_object_set_new(j, "reason", json_string(reason));
	json_object_set_new(j, "ask_id", json_integer(db_col_int(st, 13)));
	add(a, referral ? AGENDA_REFERRAL_ASK : AGENDA_EXPANSION_ASK,
	    db_col_int(st, 0), db_col_int(st, 8), capped(waiting, 30), 0, waiting, j);
	return 0;
}


/* What a recovery asks of the owner, and of their manager. */
#define RECOVERY_GUIDANCE "Call the customer: listen to what went wrong, " \
	"agree on how it will be put right and by when, and log the call on " \
	"the deal (fulcrum log call --deal ID). Their manager joins when the " \
	"fix needs more than the salesperson can give."

static int recovery_row(struct agenda *a, struct db_stmt *st)
{
	/* DEAL_COLS, then c.id, c.score, c.done_at, account name */
	int64_t since = days_since(a, col(st, 14));
	int64_t owner = db_col_int(st, 4);
	json_t *j = deal_json(st);
	char reason[500];
	char whose[200];
	if (owner == a->ctx->user.id)
		snprintf(whose, sizeof(whose), "your");
	else
		snprintf(whose, sizeof(whose), "%.180s's", who(a, owner));
	snprintf(reason, sizeof(reason), "%s customer '%.200s' scored %" PRId64
		 " of %d on %.10s: call them and put it right", whose, col(st, 15),
		 db_col_int(st, 13), CHECK_SCORE_MAX, col(st, 14));
	json_object_set_new(j, "reason", json_string(reason));
	json_object_set_new(j, "guidance", json_string(RECOVERY_GUIDANCE));
	json_object_set_new(j, "check_id", json_integer(db_col_int(st, 12)));
	json_object_set_new(j, "check_score", json_integer(db_col_int(st, 13)));
	add(a, AGENDA_RECOVERY, db_col_int(st, 0), db_col_int(st, 8),
	    capped(since, 30) * 2, 0, since, j);
	return 0;
}

static int stalled_row(struct agenda *a, struct db_stmt *st)
{
	int64_t in_step = days_since(a, col(st, 9));
	int64_t limit = db_col_int(st, 10);
	json_t *j = deal_json(st);
	char reason[300];
	snprintf(reason, sizeof(reason), "%" PRId64 " days in '%s' (the limit is %"
		 PRId64 "): move it forward or find out what blocks it", in_step,
		 col(st, 2), limit);
	json_object_set_new(j, "reason", json_string(reason));
	json_object_set_new(j, "days_in_step", json_integer(in_step));
	add(a, AGENDA_STALLED, db_col_int(st, 0), db_col_int(st, 8),
	    capped(in_step - limit, 60) * 2,
	    value_points(db_col_int(st, 3), db_col_int(st, 5)), in_step, j);
	return 0;
}


/* A candidate's place in a ranking read with a cut-off: score, days, then
 * the tie keys (the deal, then the row's own id). */
struct ranked {
	int64_t score, days, tie, id;
};

static int by_ranked(const void *pa, const void *pb)
{
	const struct ranked *x = pa, *y = pb;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	if (x->tie != y->tie)
		return x->tie < y->tie ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The best `limit` of candidates read in the order of their dominant
 * term, and when to stop reading: see stalled(). */
struct cut_off {
	struct ranked *top;
	size_t n, alloc, limit;
	int64_t cut;	/* the limit-th best score, once there are that many */
	int full;
};

/* Whether no candidate with at most BOUND can enter any more. */
static int cut_off_done(const struct cut_off *c, int64_t bound)
{
	return c->full && bound < c->cut;
}

static void cut_off_add(struct cut_off *c, struct ranked r)
{
	if (c->full && r.score < c->cut)
		return;
	ALLOC_GROW(c->top, c->n + 1, c->alloc);
	c->top[c->n] = r;
	if (++c->n == 2 * c->limit) {	/* keep the best `limit` */
		qsort(c->top, c->n, sizeof(*c->top), by_ranked);
		c->n = c->limit;
		c->cut = c->top[c->n - 1].score;
		c->full = 1;
	}
}

/* Sorts the candidates and keeps the best `limit`. */
static void cut_off_finish(struct cut_off *c)
{
	if (c->n > 1)
		qsort(c->top, c->n, sizeof(*c->top), by_ranked);
	if (c->n > c->limit)
		c->n = c->limit;
}

#define FILL_CHUNK 80		/* ids per fill query, within QB_MAX_BINDS */

/* Reads the whole rows of TOP (N of them) with SELECT (ending in
 * "<alias>.org_id = ? AND <alias>.id IN (") for FN. */
static int fill(struct agenda *a, const char *select, const struct ranked *top,
		size_t n, row_fn fn)
{
	int rc = 0;
	for (size_t from = 0; from < n && !rc; from += FILL_CHUNK) {
		struct qb q;
		qb_init(&q);
		qb_sql(&q, "%s", select);
		qb_int(&q, a->ctx->org_id);
		for (size_t i = from; i < n && i < from + FILL_CHUNK; i++) {
			qb_sql(&q, i > from ? ", ?" : "?");
			qb_int(&q, top[i].id);
		}
		qb_sql(&q, ")");
		rc = run(a, &q, fn);
		qb_release(&q);
	}
	return rc;
}

/* Stalled deals: open deals longer in their step than its stall_days. The
 * score is 600 + min(60, days past the limit) × 2 + value points (0 to
 * 99), then more days in the step, then id. No one column orders that, so
 * the candidates are read by the dominant term, the day each deal stalls
 * (deals.stall_day, on deals_stall_rank: earliest first, so days past the
 * limit never grow along the read), and the read stops at the first
 * candidate whose score could not reach the limit-th best score found so
 * far even with all 99 value points: every later candidate has at most as
 * many days past the limit, so none of them can enter the top `limit`
 * either. A candidate that only ties that score is still read, since it
 * may have more days in its step. The result is the same `limit` rows a
 * full sort by (score, days, id) gives. */
static int stalled(struct agenda *a)
{
	const int64_t base = kinds[AGENDA_STALLED].base;
	struct cut_off c = { .limit = (size_t)a->limit };
	struct db_stmt *st;
	struct qb q;
	int rc;

	qb_init(&q);
	qb_sql(&q, "SELECT d.id, d.stall_day, d.open_points, substr("
	       "d.step_entered_at, 1, 10) FROM deals d WHERE d.org_id = ? AND "
	       "d.status = 'open' AND d.stall_day IS NOT NULL AND d.stall_day < ?");
	qb_int(&q, a->ctx->org_id);
	qb_int(&q, a->today);
	owners(&q, a->ctx, "d");
	qb_sql(&q, " ORDER BY d.stall_day");
	if (!(st = qb_prepare(&q, a->ctx->db))) {
		qb_release(&q);
		return a->ctx->db->last_error;
	}
	while ((rc = db_step(st)) > 0) {
		int64_t overdue = capped(a->today - db_col_int(st, 1), STALLED_CAP) * 2;
		struct ranked r = { base + overdue + db_col_int(st, 2),
				    days_since(a, col(st, 3)), db_col_int(st, 0),
				    db_col_int(st, 0) };
		if (cut_off_done(&c, base + overdue + VALUE_POINTS_MAX))
			break;	/* nor can any later candidate */
		cut_off_add(&c, r);
	}
	db_done(st);
	qb_release(&q);
	if (rc >= 0) {
		cut_off_finish(&c);
		rc = fill(a, "SELECT " DEAL_COLS " FROM deals d " STEP_JOIN " WHERE "
			  "d.org_id = ? AND d.id IN (", c.top, c.n, stalled_row);
	}
	free(c.top);
	return rc < 0 ? rc : 0;
}

/* Promises due by today: the score is 1000 + overdue points, which never
 * fall as the days overdue grow (promise_overdue_points()), + the deal's
 * value points (0 to 99), then the days, the deal and the step. As with
 * stalled(), the open steps are read by their due day on
 * next_steps_promises (sql/017-agenda-ranking.sql), earliest first, so the
 * days never grow along the read, and the read stops at the first step
 * whose score, given all 99 value points, is below the `limit`-th best
 * found so far: no later step can enter the top `limit`. */
static int promises(struct agenda *a)
{
	const int64_t base = kinds[AGENDA_PROMISE].base;
	struct cut_off c = { .limit = (size_t)a->limit };
	struct db_stmt *st;
	struct qb q;
	int rc;

	qb_init(&q);
	qb_sql(&q, "SELECT ns.id, ns.due, ns.deal_points, ns.deal_id FROM "
	       "next_steps ns WHERE ns.org_id = ? AND ns.deal_points IS NOT NULL "
	       "AND ns.due <= ?");
	qb_int(&q, a->ctx->org_id);
	qb_text(&q, a->today_s);
	owners(&q, a->ctx, "ns");
	qb_sql(&q, " ORDER BY ns.due");
	if (!(st = qb_prepare(&q, a->ctx->db))) {
		qb_release(&q);
		return a->ctx->db->last_error;
	}
	while ((rc = db_step(st)) > 0) {
		int64_t over = days_since(a, col(st, 1));
		int64_t pts = promise_overdue_points(over);
		struct ranked r = { base + pts + db_col_int(st, 2), over,
				    db_col_int(st, 3), db_col_int(st, 0) };
		if (cut_off_done(&c, base + pts + VALUE_POINTS_MAX))
			break;	/* nor can any later step */
		cut_off_add(&c, r);
	}
	db_done(st);
	qb_release(&q);
	if (rc >= 0) {
		cut_off_finish(&c);
		rc = fill(a, "SELECT " DEAL_COLS ", ns.what, ns.due, ns.id FROM "
			  "next_steps ns JOIN deals d ON d.org_id = ns.org_id AND "
			  "d.id = ns.deal_id " STEP_JOIN " WHERE ns.org_id = ? AND "
			  "ns.id IN (", c.top, c.n, promise_row);
	}
	free(c.top);
	return rc < 0 ? rc : 0;
}

/* Process ID, loaded on its first use in this agenda and kept for the
 * others: the deals of one agenda share a few processes. */
static int process_of(struct agenda *a, int64_t id, const struct process **out)
{
	struct fc_error err;
	struct process *p;
	int rc;
	for (size_t i = 0; i < a->nprocs; i++)
		if (a->procs[i]->id == id) {
			*out = a->procs[i];
			return 0;
		}
	if ((rc = process_load(a->ctx, id, &p, &err)))
		return rc;
	ALLOC_GROW(a->procs, a->nprocs + 1, a->procs_alloc);
	a->procs[a->nprocs++] = p;
	*out = p;
	return 0;
}

/* One of the CRITERIA_SCAN deals, as read before its criteria are judged. */
struct candidate {
	struct criteria_deal in;
	const struct step *next;	/* the step after, or NULL */
	int phase;
	int64_t value_pts, in_step;
	/* its own copy: most candidates are judged no item, and so never
	 * cost a JSON object */
	struct deal_head head;
};

static void deal_head_free(struct deal_head *h)
{
	free((char *)h->title);
	free((char *)h->step);
	free((char *)h->step_name);
	free((char *)h->guidance);
	free((char *)h->currency);
}

struct criteria_scan {
	struct candidate *c;
	size_t n, alloc;
};

static int candidate_row(struct agenda *a, struct db_stmt *st)
{
	/* DEAL_COLS, then d.process_id; the deal is visible: it came from
	 * the user's own owner set */
	struct criteria_scan *scan = a->scan;
	const struct process *proc;
	const struct step *cur;
	int rc;
	if ((rc = process_of(a, db_col_int(st, 12), &proc)))
		return rc == FC_ENOTFOUND ? 0 : rc;
	if (!(cur = process_step(proc, col(st, 2))) || cur->phase >= PHASE_FOLLOW_UP)
		return 0;
	ALLOC_GROW(scan->c, scan->n + 1, scan->alloc);
	struct candidate *c = &scan->c[scan->n++];
	memset(c, 0, sizeof(*c));
	c->in.deal_id = db_col_int(st, 0);
	c->in.contact_id = db_col_int(st, 8);
	c->in.step = cur;
	snprintf(c->in.entered_at, sizeof(c->in.entered_at), "%s", col(st, 9));
	c->next = cur->position + 1 < proc->nsteps ?
		  &proc->steps[cur->position + 1] : NULL;
	c->phase = cur->phase;
	c->value_pts = value_points(db_col_int(st, 3), db_col_int(st, 5));
	c->in_step = days_since(a, c->in.entered_at);
	c->head = deal_head_of(st);
	c->head.title = xstrdup(c->head.title);
	c->head.step = xstrdup(c->head.step);
	c->head.step_name = xstrdup(c->head.step_name);
	c->head.guidance = xstrdup(c->head.guidance);
	c->head.currency = xstrdup(c->head.currency);
	return 0;
}

/* Candidate I judged: ready, missing its step's person, or blocked. */
static void judge(struct agenda *a, struct candidate *c,
		  const struct deal_criteria *dc, int i)
{
	const struct step *cur = c->in.step;
	const char *role = cur->criteria.stakeholder_role;
	char missing[300], reason[400];
	int ready;
	int64_t id = c->in.deal_id;
	json_t *j;
	deal_criteria_judge(a->ctx, dc, i, &ready, NULL, missing, sizeof(missing));
	if (ready && c->next) {
		j = deal_head_json(&c->head);
		if (c->phase == PHASE_AGREE)
			snprintf(reason, sizeof(reason), "the customer agreed: when they "
				 "place the order, record it and mark the deal won");
		else
			snprintf(reason, sizeof(reason), "the exit criteria of '%s' hold: "
				 "advance it to '%s'", cur->key, c->next->key);
		json_object_set_new(j, "reason", json_string(reason));
		json_object_set_new(j, "next", json_string(c->next->key));
		add(a, AGENDA_READY, id, c->in.contact_id, 0, c->value_pts, c->in_step, j);
	} else if (!ready && role[0] && !deal_criteria_has_role(dc, i, role)) {
		/* step 1's right person: said at once, not after days */
		j = deal_head_json(&c->head);
		snprintf(reason, sizeof(reason), "no %.60s among the stakeholders of "
			 "'%.64s': find %.100s and add them", role, cur->key,
			 deal_stakeholder_role_words(role));
		json_object_set_new(j, "reason", json_string(reason));
		json_object_set_new(j, "missing", json_string(missing));
		json_object_set_new(j, "role", json_string(role));
		add(a, AGENDA_MISSING_PERSON, id, c->in.contact_id, 0, c->value_pts,
		    c->in_step, j);
	} else if (!ready && c->in_step >= BLOCKED_AFTER_DAYS) {
		j = deal_head_json(&c->head);
		snprintf(reason, sizeof(reason), "%" PRId64 " days in '%.64s' and it "
			 "still %.250s", c->in_step, cur->key, missing);
		json_object_set_new(j, "reason", json_string(reason));
		json_object_set_new(j, "missing", json_string(missing));
		add(a, AGENDA_BLOCKED, id, c->in.contact_id, 0, c->value_pts,
		    c->in_step, j);
	}
}

/* The CRITERIA_SCAN most valuable open deals (value × the step's
 * probability, kept in deals.open_weight), ranked on deals_open_weight
 * alone, then read in full; what their exit criteria read is loaded for
 * all of them at once (deal_criteria_load()), not deal by deal. */
static int criteria(struct agenda *a)
{
	struct criteria_scan scan = { 0 };
	struct deal_criteria *dc = NULL;
	struct criteria_deal *in;
	struct qb q;
	int rc;
	qb_init(&q);
	qb_sql(&q, "SELECT " DEAL_COLS ", d.process_id FROM (SELECT d.org_id AS "
	       "r_org, d.id AS r_id, d.open_weight AS r_value FROM deals d "
	       "WHERE d.org_id = ? AND d.status = 'open' AND d.open_weight IS "
	       "NOT NULL");
	qb_int(&q, a->ctx->org_id);
	owners(&q, a->ctx, "d");
	/* in the order of deals_open_weight (sql/041-agenda-open-rank.sql) */
	qb_sql(&q, " ORDER BY d.open_weight DESC, d.id LIMIT %d) r JOIN deals d ON "
	       "d.org_id = r.r_org AND d.id = r.r_id " STEP_JOIN " ORDER BY "
	       "r.r_value DESC, r.r_id", CRITERIA_SCAN);
	a->scan = &scan;
	rc = run(a, &q, candidate_row);
	a->scan = NULL;
	qb_release(&q);
	in = xcalloc(scan.n ? scan.n : 1, sizeof(*in));
	for (size_t i = 0; i < scan.n; i++)
		in[i] = scan.c[i].in;
	if (!rc && scan.n)
		rc = deal_criteria_load(a->ctx, in, (int)scan.n, &dc);
	for (size_t i = 0; i < scan.n; i++) {
		if (!rc)
			judge(a, &scan.c[i], dc, (int)i);
		deal_head_free(&scan.c[i].head);
	}
	deal_criteria_free(dc);
	free(in);
	free(scan.c);
	return rc;
}

static int engage_row(struct agenda *a, struct db_stmt *st)
{
	/* c.id, c.name, c.need, c.timing_from, c.timing_to, guidance, account */
	int64_t open_for = days_since(a, col(st, 3));
	char reason[600];
	snprintf(reason, sizeof(reason), "qualified (need: %.200s) and the timing "
		 "window is open since %s: engage them", col(st, 2), col(st, 3));
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", col(st, 1),
			      "reason", reason, "step", "engage", "guidance",
			      col(st, 5), "timing_from", col(st, 3));
	if (!db_col_is_null(st, 4))
		json_object_set_new(j, "timing_to", json_string(col(st, 4)));
	add(a, AGENDA_ENGAGE, 0, db_col_int(st, 0), capped(open_for, 30), 0,
	    open_for, j);
	return 0;
}

static int no_fit_row(struct agenda *a, struct db_stmt *st)
{
	/* DEAL_COLS, then p.no_fit_days, the first want's time, the wants */
	int64_t limit = db_col_int(st, 12);
	int64_t since = days_since(a, col(st, 13));
	int64_t wants = db_col_int(st, 14);
	json_t *j = deal_json(st);
	char reason[400];
	snprintf(reason, sizeof(reason), "no fit for %s of its %" PRId64 " want%s "
		 "in %" PRId64 " days (the limit is %" PRId64 "): find what gives "
		 "them what they want, or disqualify it (no_fit)",
		 wants == 1 ? "the one" : "any", wants, wants == 1 ? "" : "s", since,
		 limit);
	json_object_set_new(j, "reason", json_string(reason));
	json_object_set_new(j, "wants", json_integer(wants));
	json_object_set_new(j, "disqualify_reason", json_string("no_fit"));
	add(a, AGENDA_NO_FIT, db_col_int(st, 0), db_col_int(st, 8),
	    capped(since - limit, 30), 0, since, j);
	return 0;
}

/* The time of deal d's first want. */
#define FIRST_WANT_SQL "(SELECT MIN(w.created_at) FROM wants w WHERE " \
	"w.org_id = d.org_id AND w.deal_id = d.id)"

/* One kind's query: the rows, ranked in SQL by the same score add()
 * computes in C, best first. A kind with a RANK query takes two phases in
 * one statement: RANK scores the candidates on the columns of one covering
 * index (sql/017-agenda-ranking.sql) and keeps the best `limit`; FILL then
 * reads the whole rows of those only. */
struct source {
	const char *select;	/* ... WHERE <alias>.org_id = ? [AND ... <= ?] */
	int until_today;	/* SELECT ends with a "<= ?" for today's date */
	const char *alias;	/* whose owner_id scopes the rows */
	const char *since;	/* the date the item's days count from */
	const char *over;	/* what is capped: NULL means the days */
	int cap, weight;	/* overdue points = min(cap, over) * weight */
	int growing;		/* or, with 1, promise_overdue_points(over) */
	const char *value;	/* SQL of the value points, or NULL for none */
	const char *base;	/* SQL base score when it varies within the kind */
	const char *tie;	/* the last ORDER BY keys, as by_rank() */
	row_fn row;
	/* two phases: SELECT is then RANK's FROM and WHERE, and KEY the alias
	 * whose (org_id, id) FILL joins as r.r_org, r.r_id */
	const char *key;
	const char *fill;	/* SELECT ... FROM (%s) r JOIN ... */
	/* RANK's ORDER BY (or, without RANK, the query's) when an index
	 * holds the rows in rank order: the same order as score, days (both
	 * descending) and the tie keys, on the index's columns, so that the
	 * rank reads `limit` entries */
	const char *order;
	/* or the kind's own ranking, for an order no one query reads in order */
	int (*own)(struct agenda *a);
	/* the kind of its rows with the highest base: with CAP, WEIGHT,
	 * VALUE and GROWING, the highest score a row can have (source_most()),
	 * also for an OWN ranking */
	enum agenda_kind kind;
};

static const struct source sources_sql[] = {
	/* read on next_steps_promises with a cut-off */
	{ .own = promises, .kind = AGENDA_PROMISE, .growing = 1 },
	/* ranked on deals_no_next_rank (sql/041-agenda-open-rank.sql): the
	 * score is 900 + the stored points, and more days is an earlier day */
	{ "FROM deals d WHERE d.org_id = ? AND d.status = 'open' AND "
	  "d.next_step_id IS NULL AND d.open_points IS NOT NULL", 0, "d",
	  "d.step_entered_at", NULL, 0, 0, 0, "d.open_points", NULL, "d.id",
	  no_next_row, "d",
	  "SELECT " DEAL_COLS " FROM (%s) r JOIN deals d ON d.org_id = r.r_org "
	  "AND d.id = r.r_id " STEP_JOIN,
	  "d.open_points DESC, substr(d.step_entered_at, 1, 10), d.id", NULL,
	  AGENDA_NO_NEXT_STEP },
	{ "SELECT " DEAL_COLS ", c.due, c.id, c.kind, c.delivered_on FROM checks "
	  "c JOIN deals d ON "
	  "d.org_id = c.org_id AND d.id = c.deal_id JOIN steps s ON s.org_id = "
	  "d.org_id AND s.process_id = d.process_id AND s.key = d.step WHERE "
	  "c.org_id = ? AND c.done_at IS NULL AND c.due <= ?"
	  /* a periodic check follows a customer while they are one */
	  " AND (c.kind = 'delivery' OR EXISTS (SELECT 1 FROM accounts ca WHERE "
	  "ca.org_id = d.org_id AND ca.id = d.account_id AND ca.status = "
	  "'customer'))", 1, "c", "c.due",
	  NULL, 30, 5, 0, NULL, NULL, "d.id, c.id", check_row, NULL, NULL,
	  /* the score falls and the days fall as the due day moves later
	   * (a due is a date), so (score, days) is the order of the due
	   * day: read on checks_due_rank (sql/045-agenda-rank-columns.sql)
	   * in that order and stopped at `limit` */
	  "c.due, c.deal_id, c.id", NULL, AGENDA_CHECK },
	{ "SELECT " DEAL_COLS ", k.kind, k.id, k.created_at, ac.name, "
	  "COALESCE(c.score, 0) FROM asks k JOIN deals d ON d.org_id = k.org_id "
	  "AND d.id = k.deal_id JOIN steps s ON s.org_id = d.org_id AND "
	  "s.process_id = d.process_id AND s.key = d.step JOIN accounts ac ON "
	  "ac.org_id = d.org_id AND ac.id = d.account_id LEFT JOIN checks c ON "
	  "c.org_id = k.org_id AND c.id = k.check_id WHERE k.org_id = ? AND "
	  "k.status = 'open'", 0, "k", "k.created_at", NULL, 30, 1, 0, NULL,
	  "(CASE WHEN k.kind = 'referral' THEN 700 ELSE 690 END)", /* kinds[] */
	  "CASE WHEN k.kind = 'referral' THEN 0 ELSE 1 END, d.id, k.id", ask_row,
	  NULL, NULL, NULL, NULL, AGENDA_REFERRAL_ASK },
	/* a low score until an interaction on the deal answers it: kept in
	 * checks.unanswered (sql/045-agenda-rank-columns.sql). The score
	 * falls and the days fall as the day the check was done moves later,
	 * so (score, days) is the order of that day: read on
	 * checks_unanswered_rank in that order and stopped at `limit` */
	{ "SELECT " DEAL_COLS ", c.id, c.score, c.done_at, ac.name FROM checks c "
	  "JOIN deals d ON d.org_id = c.org_id AND d.id = c.deal_id " STEP_JOIN
	  " JOIN accounts ac ON ac.org_id = d.org_id AND ac.id = d.account_id "
	  "WHERE c.org_id = ? AND c.unanswered = 1", 0, "c", "c.done_at", NULL,
	  30, 2, 0, NULL, NULL, "d.id, c.id", recovery_row, NULL, NULL,
	  "substr(c.done_at, 1, 10), c.deal_id, c.id", NULL, AGENDA_RECOVERY },
	/* ranked on deals_stall_rank (sql/045-agenda-rank-columns.sql) */
	{ .own = stalled, .kind = AGENDA_STALLED, .cap = STALLED_CAP,
	  .weight = 2, .value = "d.open_points" },
	{ "FROM contacts c WHERE c.org_id = ? AND c.need IS NOT NULL AND "
	  "c.need <> '' AND c.disqualified_at IS NULL AND c.has_deal = 0 AND "
	  "(c.timing_to IS NULL OR c.timing_to >= ?) AND c.timing_from <= ?",
	  2, "c", "c.timing_from", NULL, 30, 1, 0, NULL, NULL, "c.id", engage_row,
	  "c",
	  "SELECT c.id, c.name, c.need, c.timing_from, c.timing_to, "
	  "COALESCE((SELECT s.guidance FROM steps s JOIN processes p ON "
	  "p.org_id = s.org_id AND p.id = s.process_id WHERE s.org_id = "
	  "c.org_id AND s.position = 0 ORDER BY p.is_default DESC, p.id "
	  "LIMIT 1), '') FROM (%s) r JOIN contacts c ON c.org_id = r.r_org AND "
	  "c.id = r.r_id", NULL, NULL, AGENDA_ENGAGE },
	/* open deals with wants and not one fit, the first want older than
	 * the process's no_fit_days: ranked on deals_wants_unfit and
	 * wants_deal alone (sql/051-agenda-unfit-agreements.sql), the deals on a
	 * step of their process being those with open_points */
	{ "FROM deals d JOIN processes p ON p.org_id = d.org_id AND p.id = "
	  "d.process_id WHERE d.org_id = ? AND d.status = 'open' AND "
	  "d.wants_unfit = 1 AND d.open_points IS NOT NULL", 0, "d",
	  FIRST_WANT_SQL, "p.no_fit_days", 30, 1, 0, NULL, NULL, "d.id",
	  no_fit_row, "d",
	  "SELECT " DEAL_COLS ", p.no_fit_days, " FIRST_WANT_SQL ", (SELECT "
	  "COUNT(*) FROM wants w WHERE w.org_id = d.org_id AND w.deal_id = d.id) "
	  "FROM (%s) r JOIN deals d ON d.org_id = r.r_org AND d.id = r.r_id "
	  STEP_JOIN " JOIN processes p ON p.org_id = d.org_id AND p.id = "
	  "d.process_id", NULL, NULL, AGENDA_NO_FIT },
};

/* The tie keys of SRC as the rank's columns r_t1, r_t2, ...: into SELECT
 * ("expr AS r_t1, ..."), INNER ("r_t1, ...") and OUTER ("r.r_t1, ..."). */
static void tie_columns(const char *tie, struct buf *select, struct buf *inner,
			struct buf *outer)
{
	int n = 0;
	for (const char *p = tie; *p; n++) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		buf_addf(select, ", %.*s AS r_t%d", (int)len, p, n + 1);
		buf_addf(inner, ", r_t%d", n + 1);
		buf_addf(outer, ", r.r_t%d", n + 1);
		p += len;
		if (end)
			p += 2;
	}
}

static int run_source(struct agenda *a, const struct source *src)
{
	struct qb q;
	struct buf days = BUF_INIT, over = BUF_INIT, score = BUF_INIT;
	struct buf tsel = BUF_INIT, tin = BUF_INIT, tout = BUF_INIT;
	const char *rest = NULL;
	if (src->own)
		return src->own(a);
	qb_init(&q);
	days_to_today(a, src->since, &days);
	if (src->over)
		buf_addf(&over, "(%s - %s)", days.s, src->over);
	else
		buf_adds(&over, days.s);
	buf_addf(&score, "%s + ", src->base ? src->base : "0");
	if (src->growing)
		promise_overdue_points_sql(over.s, &score);
	else
		cap_sql(over.s, src->cap, src->weight, &score);
	if (src->value)
		buf_addf(&score, " + %s", src->value);
	if (src->fill) {
		/* FILL up to its "%s", then RANK inside it */
		rest = strstr(src->fill, "%s");
		tie_columns(src->tie, &tsel, &tin, &tout);
		qb_sql(&q, "%.*s", (int)(rest - src->fill), src->fill);
		qb_sql(&q, "SELECT %s.org_id AS r_org, %s.id AS r_id, %s AS r_score, "
		       "%s AS r_days%s ", src->key, src->key, score.s, days.s,
		       tsel.s ? tsel.s : "");
	}
	qb_sql(&q, "%s", src->select);
	qb_int(&q, a->ctx->org_id);
	for (int i = 0; i < src->until_today; i++)
		qb_text(&q, a->today_s);
	owners(&q, a->ctx, src->alias);
	if (src->over)	/* only rows past their limit belong to the kind */
		qb_sql(&q, " AND %s > 0", over.s);
	if (src->fill) {
		if (src->order)
			qb_sql(&q, " ORDER BY %s LIMIT %d", src->order, a->limit);
		else
			qb_sql(&q, " ORDER BY r_score DESC, r_days DESC%s LIMIT %d",
			       tin.s, a->limit);
		qb_sql(&q, "%s ORDER BY r.r_score DESC, r.r_days DESC%s", rest + 2,
		       tout.s);
	} else if (src->order) {
		qb_sql(&q, " ORDER BY %s LIMIT %d", src->order, a->limit);
	} else {
		qb_sql(&q, " ORDER BY %s DESC, %s DESC, %s LIMIT %d", score.s,
		       days.s, src->tie, a->limit);
	}
	int rc = run(a, &q, src->row);
	buf_release(&days);
	buf_release(&over);
	buf_release(&score);
	buf_release(&tsel);
	buf_release(&tin);
	buf_release(&tout);
	qb_release(&q);
	return rc;
}

/* The highest score a row of SRC can have: its kind's base, the overdue
 * points at their cap, and every value point it may take; INT64_MAX when
 * the overdue points keep growing. */
static int64_t source_most(const struct source *src)
{
	if (src->growing)
		return INT64_MAX;
	return kinds[src->kind].base + (int64_t)src->cap * src->weight +
	       (src->value ? VALUE_POINTS_MAX : 0);
}

/* Whether IT is shown whatever else its deal has: asks and recoveries
 * stand on their own, beside the deal's most urgent item. */
static int stands_alone(const struct item *it)
{
	return it->kind == AGENDA_REFERRAL_ASK ||
	       it->kind == AGENDA_EXPANSION_ASK || it->kind == AGENDA_RECOVERY;
}

static int by_id(const void *pa, const void *pb)
{
	int64_t x = *(const int64_t *)pa, y = *(const int64_t *)pb;
	return x < y ? -1 : x > y;
}

/* Whether the items found so far already fill the list with items scored
 * above BOUND: agenda_build() shows the best-ranked items first (by_rank()
 * orders by score first), one a deal (but those that stand_alone(), and
 * those without a deal), so an item that scores at most
 * BOUND can then never be shown, nor change which are. A kind whose
 * every row scores at most BOUND need not be read. */
static int settled(const struct agenda *a, int64_t bound)
{
	int64_t *deals = xcalloc(a->n ? a->n : 1, sizeof(*deals));
	size_t ndeals = 0, shown = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct item *it = &a->items[i];
		if (it->score <= bound)
			continue;
		if (!it->deal_id || stands_alone(it))
			shown++;
		else
			deals[ndeals++] = it->deal_id;
	}
	if (ndeals) {
		qsort(deals, ndeals, sizeof(*deals), by_id);
		for (size_t i = 0; i < ndeals; i++)
			shown += !i || deals[i] != deals[i - 1];
	}
	free(deals);
	return shown >= (size_t)a->limit;
}

static int by_rank(const void *pa, const void *pb)
{
	const struct item *x = pa, *y = pb;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	if (x->deal_id != y->deal_id)
		return x->deal_id < y->deal_id ? -1 : 1;
	return x->contact_id < y->contact_id ? -1 : x->contact_id > y->contact_id;
}

int agenda_build(struct fc_ctx *ctx, int limit, int explain, json_t **out,
		 struct fc_error *err)
{
	struct agenda a = { .ctx = ctx, .explain = explain };
	json_t *list = NULL;
	int rc = 0;

	*out = NULL;
	if (limit < 0 || limit > 1000)
		return fc_fail(err, FC_EINVAL, "limit", "limit must be 1 to 1000");
	if (!limit)
		limit = 50;
	a.limit = limit;
	a.names = json_object();
	a.today = date_from_time(ctx->now);
	date_format(a.today, a.today_s);
	if ((rc = db_begin(ctx->db, 0)))
		return db_error(ctx->db, err);
	for (size_t i = 0; i < ARRAY_SIZE(sources_sql) && !rc; i++) {
		a.most = source_most(&sources_sql[i]);
		if (!settled(&a, a.most))
			rc = run_source(&a, &sources_sql[i]);
	}
	/* a step's missing person scores highest of the criteria's kinds */
	a.most = kinds[AGENDA_MISSING_PERSON].base + VALUE_POINTS_MAX;
	if (!rc && !settled(&a, a.most))
		rc = criteria(&a);
	db_commit(ctx->db);
	if (rc) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (a.n)	/* an empty agenda has no array to sort */
		qsort(a.items, a.n, sizeof(*a.items), by_rank);
	list = json_array();
	int64_t *shown = xcalloc((size_t)limit, sizeof(*shown));
	int nshown = 0;
	for (size_t i = 0; i < a.n && nshown < limit; i++) {
		struct item *it = &a.items[i];
		int dup = 0, ask = stands_alone(it);
		/* one item per deal, its most urgent */
		for (int j = 0; j < nshown && it->deal_id && !ask && !dup; j++)
			dup = shown[j] == it->deal_id;
		if (dup)
			continue;
		shown[nshown++] = ask ? 0 : it->deal_id;
		json_array_append(list, it->json);
	}
	free(shown);
	if ((rc = agenda_people(ctx, list, err))) {
		json_decref(list);
		goto out;
	}
	*out = list;
out:
	for (size_t i = 0; i < a.n; i++)
		json_decref(a.items[i].json);
	free(a.items);
	for (size_t i = 0; i < a.nprocs; i++)
		process_free(a.procs[i]);
	free(a.procs);
	json_decref(a.names);
	return rc;
}
