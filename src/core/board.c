/* One column of the board; see board.h. The filters become SQL over the
 * deals' (org, status, process, step) index; a page is keyed by deal id,
 * so the 5,000th page costs what the first does. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/board.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/process.h"
#include "core/query.h"
#include "core/record.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/banned.h"

/* The most minor-unit digits any currency has, and one that has them:
 * a bound is read at that precision, then rounded to each currency's. */
static const char *finest_currency(int *digits)
{
	const char *finest = "USD";
	*digits = 2;
	for (int i = 0; i < currency_count(); i++) {
		int d = currency_digits(currency_code(i));
		if (d > *digits) {
			*digits = d;
			finest = currency_code(i);
		}
	}
	return finest;
}

/* " AND d.value_cents >= BOUND" (or <=) with TEXT an amount in the deal's
 * own currency: "1000" is 1,000 yen for a JPY deal and 1,000 dollars for a
 * USD one, so the bound in minor units depends on the deal's currency; a
 * CASE gives each group of currencies with the same digits its own bound,
 * rounded so that no deal is wrongly kept or dropped. An amount that names
 * its currency ("EUR 1000") keeps only deals in that currency. */
static int value_bound(struct qb *q, const char *text, const char *field,
		       int at_least, struct fc_error *err)
{
	int finest_digits;
	int64_t cents = 0;
	const char *finest = finest_currency(&finest_digits);
	char cur[4];
	int64_t fine;
	struct fc_error e = { 0 };
	/* at the finest precision first, which also says whether the text
	 * names a currency; then in that currency's own minor units */
	if (money_read(text, MONEY_POINT, finest, &fine, cur, &e) ||
	    (*cur && money_read(text, MONEY_POINT, cur, &fine, NULL, &e)))
		return fc_fail(err, FC_EINVAL, field, "'%s' must be an amount: %s",
			       field, e.message);
	if (fine < 0)
		return fc_fail(err, FC_EINVAL, field, "'%s' must not be negative",
			       field);
	if (*cur) {
		qb_sql(q, " AND d.currency = ? AND d.value_cents %s ?",
		       at_least ? ">=" : "<=");
		qb_text(q, cur);
		qb_int(q, fine);
		return 0;
	}
	qb_sql(q, " AND d.value_cents %s CASE", at_least ? ">=" : "<=");
	for (int digits = 0; digits <= finest_digits; digits++) {
		int64_t scale = 1, bound;
		int any = 0;
		for (int k = digits; k < finest_digits; k++)
			scale *= 10;
		bound = fine / scale;	/* rounds down */
		if (at_least && bound * scale < fine)
			bound++;
		/* two digits, the most common, is the ELSE */
		for (int i = 0; digits != 2 && i < currency_count(); i++) {
			if (currency_digits(currency_code(i)) != digits)
				continue;
			qb_sql(q, any ? ", ?" : " WHEN d.currency IN (?");
			qb_text(q, currency_code(i));
			any = 1;
		}
		if (any) {
			qb_sql(q, ") THEN CAST(? AS BIGINT)");
			qb_int(q, bound);
		}
		if (digits == 2)
			cents = bound;
	}
	qb_sql(q, " ELSE CAST(? AS BIGINT) END");
	qb_int(q, cents);
	return 0;
}

/* The month's first day and the next month's, from "YYYY-MM". */
static int month_range(const char *m, char from[DATE_LEN], char to[DATE_LEN],
		       struct fc_error *err)
{
	int32_t d;
	int y, mo;
	char c;
	if (strlen(m) != 7 || sscanf(m, "%4d-%2d%c", &y, &mo, &c) != 2 ||
	    mo < 1 || mo > 12 || y < 1 || (snprintf(from, DATE_LEN, "%s-01", m),
					   date_parse(from, &d)))
		return fc_fail(err, FC_EINVAL, "close_month", "'close_month' must "
			       "be a month as YYYY-MM");
	date_format(mo == 12 ? days_from_civil(y + 1, 1, 1) :
		    days_from_civil(y, (unsigned)mo + 1, 1), to);
	return 0;
}

/* "%text%" for LIKE, with the wildcards of TEXT taken literally. */
static void like_pattern(const char *text, struct buf *out)
{
	buf_addch(out, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '!')
			buf_addch(out, '!');
		buf_addch(out, *p);
	}
	buf_addch(out, '%');
}

static int add_filters(struct fc_ctx *ctx, const struct board_query *bq,
		       const struct step *s, struct qb *q, struct fc_error *err)
{
	char today[DATE_LEN], from[DATE_LEN], to[DATE_LEN];
	int rc;
	ctx_today(ctx, today);
	if (bq->owner_id) {
		qb_sql(q, " AND d.owner_id = ?");
		qb_int(q, bq->owner_id);
	}
	if (bq->stalled) {
		/* in the step longer than its limit, as the agenda counts */
		char since[TIME_LEN];
		time_format(ctx->now - (int64_t)s->stall_days * 86400, since);
		qb_sql(q, " AND d.status = 'open' AND d.step_entered_at < ?");
		qb_text(q, since);
	}
	if (bq->overdue) {
		qb_sql(q, " AND EXISTS (SELECT 1 FROM next_steps ns WHERE ns.org_id "
		       "= d.org_id AND ns.id = d.next_step_id AND ns.status = 'open' "
		       "AND substr(ns.due, 1, 10) < ?)");
		qb_text(q, today);
	}
	if (bq->no_next_step)
		qb_sql(q, " AND d.status = 'open' AND d.next_step_id IS NULL");
	if (bq->close_month && *bq->close_month) {
		if ((rc = month_range(bq->close_month, from, to, err)))
			return rc;
		qb_sql(q, " AND d.close_date >= ? AND d.close_date < ?");
		qb_text(q, from);
		qb_text(q, to);
	}
	if (bq->value_min && *bq->value_min &&
	    (rc = value_bound(q, bq->value_min, "value_min", 1, err)))
		return rc;
	if (bq->value_max && *bq->value_max &&
	    (rc = value_bound(q, bq->value_max, "value_max", 0, err)))
		return rc;
	if (bq->q && *bq->q) {
		struct buf pat = BUF_INIT;
		if (strlen(bq->q) > BOARD_SEARCH_MAX)
			return fc_fail(err, FC_EINVAL, "q", "'q' is too long (at most "
				       "%d bytes)", BOARD_SEARCH_MAX);
		like_pattern(bq->q, &pat);
		qb_sql(q, " AND (lower(d.title) LIKE lower(?) ESCAPE '!' OR EXISTS "
		       "(SELECT 1 FROM accounts sa WHERE sa.org_id = d.org_id AND "
		       "sa.id = d.account_id AND lower(sa.name) LIKE lower(?) ESCAPE "
		       "'!') OR EXISTS (SELECT 1 FROM contacts sc WHERE sc.org_id = "
		       "d.org_id AND sc.id = d.contact_id AND lower(sc.name) LIKE "
		       "lower(?) ESCAPE '!'))");
		for (int i = 0; i < 3; i++)
			qb_text(q, pat.s);
		buf_release(&pat);
	}
	return 0;
}

/* WHERE of the column: the step's open deals, and in the follow-up phase
 * the won deals whose follow-up is open. */
static int column_where(struct fc_ctx *ctx, const struct board_query *bq,
			const struct process *p, const struct step *s,
			struct qb *q, struct fc_error *err)
{
	qb_sql(q, " FROM deals d WHERE d.org_id = ? AND d.process_id = ? AND "
	       "d.step = ? AND (d.status = 'open'%s)", s->phase == PHASE_FOLLOW_UP ?
	       " OR " BOARD_FOLLOW_UP_OPEN_SQL : "");
	qb_int(q, ctx->org_id);
	qb_int(q, p->id);
	qb_text(q, s->key);
	qb_owner_visible(q, ctx, "d", "deal");
	return add_filters(ctx, bq, s, q, err);
}

static int page_items(struct fc_ctx *ctx, struct db_stmt *st, int limit,
		      json_t *items, int64_t *last, int *more,
		      struct fc_error *err)
{
	int rc, n = 0;
	while ((rc = db_step(st)) > 0) {
		json_t *rec = NULL;
		if (n == limit) {
			*more = 1;
			break;
		}
		int64_t id = db_col_int(st, 0);
		if ((rc = record_get(ctx, &entity_deal, id, &rec, err)))
			return rc;
		if (!strcmp(db_col_text(st, 1), "won"))
			json_object_set_new(rec, "follow_up", json_pack("{s:o, s:I}",
				"check_due", db_col_is_null(st, 2) ? json_null() :
				json_string(db_col_text(st, 2)), "asks_open",
				(json_int_t)db_col_int(st, 3)));
		json_array_append_new(items, rec);
		*last = id;
		n++;
	}
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

int board_column(struct fc_ctx *ctx, const struct board_query *bq,
		 json_t **out, struct fc_error *err)
{
	struct process *p = NULL;
	struct qb q, cq;
	struct db_stmt *st = NULL;
	json_t *items = NULL;
	int64_t cursor = 0, last = 0, count = 0;
	int limit = bq->limit ? bq->limit : BOARD_PAGE, more = 0, rc;
	char *end = NULL;

	*out = NULL;
	if (limit < 1 || limit > BOARD_PAGE_MAX)
		return fc_fail(err, FC_EINVAL, "limit", "'limit' must be 1 to %d",
			       BOARD_PAGE_MAX);
	if (bq->cursor && *bq->cursor &&
	    ((cursor = strtoll(bq->cursor, &end, 10)) <= 0 || *end))
		return fc_fail(err, FC_EINVAL, "cursor", "'cursor' is not one this "
			       "board gave");
	if (!bq->step || !*bq->step)
		return fc_fail(err, FC_EINVAL, "step", "'step' is required: the "
			       "column's step");
	rc = bq->process && *bq->process ? process_load_by_key(ctx, bq->process, &p, err)
					 : process_load(ctx, 0, &p, err);
	if (rc == FC_ENOTFOUND)	/* a parameter, not a record of the path */
		return fc_fail(err, FC_EINVAL, "process", "no process '%s'",
			       bq->process);
	if (rc)
		return rc;
	const struct step *s = process_step(p, bq->step);
	if (!s) {
		rc = fc_fail(err, FC_EINVAL, "step", "process '%s' has no step '%s'",
			     p->key, bq->step);
		process_free(p);
		return rc;
	}
	qb_init(&q);
	qb_init(&cq);
	qb_sql(&cq, "SELECT COUNT(*)");
	qb_sql(&q, "SELECT d.id, d.status, (SELECT MIN(c.due) FROM checks c WHERE "
	       "c.org_id = d.org_id AND c.deal_id = d.id AND c.done_at IS NULL AND "
	       "c.kind = 'delivery'), "
	       "(SELECT COUNT(*) FROM asks k WHERE k.org_id = d.org_id AND "
	       "k.deal_id = d.id AND k.status = 'open')");
	if ((rc = column_where(ctx, bq, p, s, &q, err)) ||
	    (rc = column_where(ctx, bq, p, s, &cq, err)))
		goto out;
	if (cursor) {
		qb_sql(&q, " AND d.id < ?");
		qb_int(&q, cursor);
	}
	qb_sql(&q, " ORDER BY d.id DESC LIMIT %d", limit + 1);
	if ((rc = db_begin(ctx->db, 0)))
		goto db_fail;
	if (!(st = qb_prepare(&cq, ctx->db)))
		goto db_fail_tx;
	rc = db_step(st);
	count = rc > 0 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0 || !(st = qb_prepare(&q, ctx->db)))
		goto db_fail_tx;
	items = json_array();
	rc = page_items(ctx, st, limit, items, &last, &more, err);
	db_done(st);
	db_commit(ctx->db);
	if (rc)
		goto out;
	*out = json_pack("{s:o, s:o, s:I}", "items", items, "next_cursor", more ?
			 json_sprintf("%" PRId64, last) : json_null(), "count",
			 (json_int_t)count);
	items = NULL;
	goto out;
db_fail_tx:
	rc = db_error(ctx->db, err);
	db_rollback(ctx->db);
	goto out;
db_fail:
	rc = db_error(ctx->db, err);
out:
	json_decref(items);
	qb_release(&q);
	qb_release(&cq);
	process_free(p);
	return rc;
}
