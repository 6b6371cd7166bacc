/* Promises kept and missed; see promise.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/history.h"
#include "core/promise.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* overdue points: the linear start and the doublings after it */
#define LINEAR_DAYS 30
#define LINEAR_POINTS 10
#define DOUBLING_POINTS 50
/* the doublings the SQL spells out; past the last, the last one's slope
 * continues for ever (30 × 2^24 days is beyond any calendar) */
#define DOUBLINGS 24

int promise_kept_on(int32_t day, int32_t due, int grace)
{
	int32_t off = day - due;
	return off >= -grace && off <= grace;
}

int promise_missed(int32_t due, int grace, int32_t today)
{
	return today >= promise_missed_on(due, grace);
}

int32_t promise_missed_on(int32_t due, int grace)
{
	return due + grace + 1;
}

int64_t promise_overdue_points(int64_t days)
{
	int64_t from = LINEAR_DAYS, pts = LINEAR_DAYS * LINEAR_POINTS;
	if (days <= 0)
		return 0;
	if (days <= LINEAR_DAYS)
		return days * LINEAR_POINTS;
	/* doubling k spans [30·2^k, 30·2^(k+1)) and adds 50 across it */
	for (int k = 0; k < DOUBLINGS - 1 && days >= 2 * from; k++) {
		from *= 2;
		pts += DOUBLING_POINTS;
	}
	return pts + DOUBLING_POINTS * (days - from) / from;
}

void promise_overdue_points_sql(const char *days, struct buf *out)
{
	int64_t from = LINEAR_DAYS, pts = LINEAR_DAYS * LINEAR_POINTS;
	buf_addf(out, "(CASE WHEN %s <= 0 THEN 0 WHEN %s <= %d THEN %s * %d", days,
		 days, LINEAR_DAYS, days, LINEAR_POINTS);
	for (int k = 0; k < DOUBLINGS - 1; k++) {
		buf_addf(out, " WHEN %s < %lld THEN %lld + %d * (%s - %lld) / %lld",
			 days, (long long)(2 * from), (long long)pts,
			 DOUBLING_POINTS, days, (long long)from, (long long)from);
		from *= 2;
		pts += DOUBLING_POINTS;
	}
	buf_addf(out, " ELSE %lld + %d * (%s - %lld) / %lld END)", (long long)pts,
		 DOUBLING_POINTS, days, (long long)from, (long long)from);
}

/* One promise found missed by the sweep. */
struct missed {
	int64_t id, deal_id, owner_id, process_id;
	char due[DATE_LEN], what[512];
	int grace;
};

/* Records M missed on MISSED_ON once: the row of missed_promises (keyed by
 * the step and the day it missed) and, only when that row is new, the
 * event. *NEW says whether it was. */
static int record_missed(struct fc_ctx *ctx, const struct missed *m,
			 const char *missed_on, int *new, struct fc_error *err)
{
	*new = 0;
	if (db_run(ctx->db, "INSERT INTO missed_promises (org_id, next_step_id, "
		   "due, deal_id, owner_id, process_id, missed_on) VALUES (?, ?, ?, "
		   "?, ?, ?, ?) ON CONFLICT (org_id, next_step_id, due) DO NOTHING",
		   "iisiiis", ctx->org_id, m->id, m->due, m->deal_id, m->owner_id,
		   m->process_id, missed_on) < 0)
		return db_error(ctx->db, err);
	if (db_changes(ctx->db) == 0)
		return 0;
	*new = 1;
	json_t *data = json_pack("{s:I, s:s, s:s, s:i, s:s}", "deal_id",
				 (json_int_t)m->deal_id, "what", m->what, "due",
				 m->due, "grace_days", m->grace, "missed_on",
				 missed_on);
	struct history_event ev = { .entity = "next_step", .entity_id = m->id,
				    .action = "missed", .data = data };
	int rc = history_record(ctx, &ev, err);
	json_decref(data);
	return rc;
}

/* The columns missed_read() reads: an open promise with its deal's
 * process's grace days. */
#define MISSED_COLUMNS "SELECT ns.id, ns.deal_id, ns.owner_id, d.process_id, " \
	"ns.due, ns.what, p.grace_days, d.status FROM "
#define MISSED_JOINS "JOIN deals d ON d.org_id = ns.org_id AND d.id = " \
	"ns.deal_id JOIN processes p ON p.org_id = d.org_id AND p.id = " \
	"d.process_id "
#define MISSED_SELECT MISSED_COLUMNS "next_steps ns " MISSED_JOINS

static void missed_read(struct db_stmt *st, struct missed *m)
{
	m->id = db_col_int(st, 0);
	m->deal_id = db_col_int(st, 1);
	m->owner_id = db_col_int(st, 2);
	m->process_id = db_col_int(st, 3);
	m->grace = (int)db_col_int(st, 6);
	snprintf(m->due, sizeof(m->due), "%s", db_col_text(st, 4));
	snprintf(m->what, sizeof(m->what), "%s", db_col_text(st, 5));
}

/* Promises read per round of the sweep: its memory is bounded whatever the
 * number overdue. */
#define SWEEP_PAGE 500
#define TEXT_OF(n) #n
#define NUMBER_TEXT(n) TEXT_OF(n)

/* Up to SWEEP_PAGE candidates after next step AFTER into LIST (*N of them,
 * *LAST the last id read): open promises of open deals due before CUTOFF
 * and not yet recorded for their due day (a range of promises_to_sweep,
 * sql/046) that are past their process's grace days. Those recorded leave
 * the table as they go, so a sweep with nothing new reads an empty range.
 * They are taken in the order of their ids, as the events have always been
 * written: a page's ids are picked from the table's key alone (a sort of
 * small keys), and only they are joined to their steps and deals. */
static int sweep_page(struct fc_ctx *ctx, const char *cutoff, int32_t today_day,
		      int64_t after, struct missed *list, size_t *n,
		      int64_t *last, int *more)
{
	struct db_stmt *st = db_prepare(ctx->db, MISSED_COLUMNS
		"(SELECT q.org_id, q.next_step_id FROM promises_to_sweep q WHERE "
		"q.org_id = ? AND q.due < ? AND q.next_step_id > ? ORDER BY "
		"q.next_step_id LIMIT " NUMBER_TEXT(SWEEP_PAGE) ") q CROSS JOIN "
		"next_steps ns " MISSED_JOINS "WHERE ns.org_id = q.org_id AND ns.id = "
		"q.next_step_id ORDER BY q.next_step_id");
	int rc, rows = 0;
	*n = 0;
	if (!st)
		return ctx->db->last_error;
	db_bindf(st, "isi", ctx->org_id, cutoff, after);
	while ((rc = db_step(st)) > 0) {
		int32_t due;
		rows++;
		*last = db_col_int(st, 0);
		if (strcmp(db_col_text(st, 7), "open") ||
		    date_parse(db_col_text(st, 4), &due) ||
		    !promise_missed(due, (int)db_col_int(st, 6), today_day))
			continue;
		missed_read(st, &list[(*n)++]);
	}
	db_done(st);
	*more = rows == SWEEP_PAGE;
	return rc < 0 ? rc : 0;
}

/* The day before which promises can be missed by TODAY: its own day less
 * the smallest grace of the organisation's processes (a promise is missed
 * when due before today less its grace, promise_missed()). */
static int sweep_cutoff(struct fc_ctx *ctx, int32_t today_day,
			char cutoff[DATE_LEN])
{
	int64_t grace = 0;
	if (db_query_int(ctx->db, &grace, "SELECT COALESCE(MIN(grace_days), 0) "
			 "FROM processes WHERE org_id = ?", "i", ctx->org_id))
		return -1;
	date_format(today_day - (int32_t)(grace > 0 ? grace : 0), cutoff);
	return 0;
}

int promise_sweep_missed(struct fc_ctx *ctx, int64_t *recorded,
			 struct fc_error *err)
{
	/* the sweep is the organisation's, not the user's: its events have no
	 * actor, and it sees every deal whoever reads the report */
	struct fc_ctx sys = *ctx;
	struct missed *list = xcalloc(SWEEP_PAGE, sizeof(*list));
	char today[DATE_LEN], cutoff[DATE_LEN];
	int32_t today_day;
	int64_t last = 0;
	int rc, more = 1;

	memset(&sys.user, 0, sizeof(sys.user));
	if (recorded)
		*recorded = 0;
	ctx_today(ctx, today);
	date_parse(today, &today_day);
	if ((rc = db_begin(ctx->db, 1))) {
		free(list);
		return db_error(ctx->db, err);
	}
	if (sweep_cutoff(ctx, today_day, cutoff)) {
		free(list);
		return ctx_tx_end(ctx, db_error(ctx->db, err), err);
	}
	while (more && !rc) {
		size_t n = 0;
		if ((rc = sweep_page(ctx, cutoff, today_day, last, list, &n, &last,
				     &more))) {
			rc = db_error(ctx->db, err);
			break;
		}
		for (size_t i = 0; i < n && !rc; i++) {
			char on[DATE_LEN];
			int32_t due;
			int new;
			date_parse(list[i].due, &due);
			date_format(promise_missed_on(due, list[i].grace), on);
			if (!(rc = record_missed(&sys, &list[i], on, &new, err)) &&
			    recorded)
				*recorded += new;
		}
	}
	free(list);
	return ctx_tx_end(ctx, rc, err);
}

int promise_close_missed(struct fc_ctx *ctx, int64_t deal_id,
			 struct fc_error *err)
{
	struct fc_ctx sys = *ctx;	/* no actor, as the sweep's */
	struct missed m;
	char today[DATE_LEN], on[DATE_LEN];
	int32_t today_day, due;
	int rc, found = 0, new;

	ctx_today(ctx, today);
	date_parse(today, &today_day);
	struct db_stmt *st = db_prepare(ctx->db, MISSED_SELECT "WHERE ns.org_id "
		"= ? AND ns.deal_id = ? AND ns.status = 'open' AND ns.due < ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "iis", ctx->org_id, deal_id, today);
	while ((rc = db_step(st)) > 0 && !found) {
		missed_read(st, &m);
		found = !date_parse(m.due, &due) &&
			promise_missed(due, m.grace, today_day);
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!found)
		return 0;
	memset(&sys.user, 0, sizeof(sys.user));
	date_format(promise_missed_on(due, m.grace), on);
	return record_missed(&sys, &m, on, &new, err);
}

int promise_sweep_all(struct db *db, int64_t *recorded, struct fc_error *err)
{
	int64_t org = 0;
	int rc;
	if (recorded)
		*recorded = 0;
	/* one organisation at a time, each read after the last is swept */
	for (;;) {
		struct fc_ctx ctx;
		int64_t next = 0, one = 0;
		if ((rc = db_query_int(db, &next, "SELECT COALESCE(MIN(id), 0) FROM "
				       "orgs WHERE id > ?", "i", org)))
			return db_error(db, err);
		if (!next)
			return 0;
		ctx_init(&ctx, db);
		ctx.org_id = org = next;
		if ((rc = promise_sweep_missed(&ctx, &one, err)))
			return rc;
		if (recorded)
			*recorded += one;
	}
}
