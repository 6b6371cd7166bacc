/* The referrals report (SPEC.md §4, follow-up; docs/reports.md): who
 * refers, what their referrals brought, and how referred deals convert
 * against the others. The won value of a deal a referral produced
 * (referral_link, core/referral.h) is credited three ways: to the
 * referring contact (the rows), their account ("accounts") and the deal
 * the referral came from ("source_deals"). Each is one GROUP BY query,
 * ordered by its key so that its groups (one per currency and rate day)
 * fold into rows as they come. */
#include <stdlib.h>
#include <string.h>

#include "core/report/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* Whom a referral's credit goes to: the key, its name, and for a contact
 * their account. */
static const struct credit {
	const char *array;	/* NULL: the rows */
	const char *id, *name;	/* the key's JSON member and its name's */
	const char *key_sql, *name_sql, *join, *where;
} credits[] = {
	{ NULL, "contact_id", "contact_name", "r.from_contact_id", "fc.name",
	  "JOIN contacts fc ON fc.org_id = r.org_id AND fc.id = "
	  "r.from_contact_id LEFT JOIN accounts ca ON ca.org_id = r.org_id AND "
	  "ca.id = r.from_account_id", "" },
	{ "accounts", "account_id", "account_name", "r.from_account_id", "fa.name",
	  "JOIN accounts fa ON fa.org_id = r.org_id AND fa.id = "
	  "r.from_account_id", " AND r.from_account_id IS NOT NULL" },
	{ "source_deals", "deal_id", "deal_name", "r.source_deal_id", "sd.title",
	  "JOIN deals sd ON sd.org_id = r.org_id AND sd.id = r.source_deal_id",
	  " AND r.source_deal_id IS NOT NULL" },
};

/* SELECT key, name, account id, account name, referrals, deals, won, lost,
 * currency, rate day, won value: the referrals made in the period whose
 * owner is in view (with --process: whose deal is in it), per key and per
 * currency and rate day of the won deals they produced. */
static void credit_query(struct qb *q, struct report_run *r,
			 const struct credit *c)
{
	int contact = !c->array;
	qb_sql(q, "SELECT %s, %s, %s, %s, COUNT(*), COUNT(d.id), SUM(CASE WHEN "
	       "d.status = 'won' THEN 1 ELSE 0 END), SUM(CASE WHEN d.status = "
	       "'lost' THEN 1 ELSE 0 END), CASE WHEN d.status = 'won' THEN "
	       "d.currency ELSE '' END, CASE WHEN d.status = 'won' AND "
	       "d.currency <> ? THEN ", c->key_sql, c->name_sql,
	       contact ? "r.from_account_id" : "NULL",
	       contact ? "ca.name" : "NULL");
	qb_text(q, convert_base(r->cv));
	report_rate_day(q, "d");
	qb_sql(q, " ELSE '' END, SUM(CASE WHEN d.status = 'won' THEN "
	       "d.value_cents ELSE 0 END) FROM referrals r %s LEFT JOIN deals d "
	       "ON d.org_id = r.org_id AND d.id = r.deal_id WHERE r.org_id = ?%s",
	       c->join, c->where);
	qb_int(q, r->ctx->org_id);
	report_owner_scope(q, r, "r");
	if (r->process_id) {
		qb_sql(q, " AND d.process_id = ?");
		qb_int(q, r->process_id);
	}
	report_period(q, r, "r.created_at");
	qb_sql(q, " GROUP BY 1, 2, 3, 4, 9, 10 ORDER BY 1");
}

static void add_int(json_t *row, const char *k, int64_t v)
{
	json_t *old = json_object_get(row, k);
	json_object_set_new(row, k, json_integer(money_add(
		json_integer_value(old), v)));
}

static json_t *credit_row(struct db_stmt *st, const struct credit *c)
{
	json_t *row = json_pack("{s:I, s:s}", c->id,
				(json_int_t)db_col_int(st, 0), c->name,
				db_col_text(st, 1) ? db_col_text(st, 1) : "");
	if (!c->array) {
		json_object_set_new(row, "account_id", db_col_is_null(st, 2) ?
				    json_null() : json_integer(db_col_int(st, 2)));
		json_object_set_new(row, "account_name", db_col_is_null(st, 3) ?
				    json_null() : json_string(db_col_text(st, 3)));
	}
	json_object_set_new(row, "referrals", json_integer(0));
	json_object_set_new(row, "deals", json_integer(0));
	json_object_set_new(row, "won", json_integer(0));
	json_object_set_new(row, "lost", json_integer(0));
	json_object_set_new(row, "won_minor", json_integer(0));
	return row;
}

struct credited {
	json_t *row;
	int64_t key;
};

static int64_t member(const struct credited *c, const char *k)
{
	return json_integer_value(json_object_get(c->row, k));
}

/* Most revenue first, then most referrals, then the key: the same order on
 * every backend. */
static int by_credit(const void *pa, const void *pb)
{
	const struct credited *a = pa, *b = pb;
	static const char *const keys[] = { "won_minor", "referrals", NULL };
	for (int i = 0; keys[i]; i++) {
		int64_t x = member(a, keys[i]), y = member(b, keys[i]);
		if (x != y)
			return x > y ? -1 : 1;
	}
	return (a->key > b->key) - (a->key < b->key);
}

/* Fills OUT with C's rows; FIRST: the pass that lists amounts without a
 * rate apart (once for the report), TOT: the totals it adds to. */
static int credit_rows(struct report_run *r, const struct credit *c,
		       json_t *out, int first, json_t *tot)
{
	struct qb q;
	struct db_stmt *st;
	json_t *row = NULL;
	struct credited *all = NULL;
	size_t n = 0, alloc = 0;
	int rc;
	qb_init(&q);
	credit_query(&q, r, c);
	if (!(st = report_prepare(r, &q))) {
		qb_release(&q);
		return r->err->code;
	}
	while ((rc = db_step(st)) > 0) {
		int64_t key = db_col_int(st, 0), won = db_col_int(st, 6), base = 0;
		if (!row || json_integer_value(json_object_get(row, c->id)) != key) {
			ALLOC_GROW(all, n + 1, alloc);
			all[n].key = key;
			all[n++].row = row = credit_row(st, c);
		}
		int64_t v[4] = { db_col_int(st, 4), db_col_int(st, 5), won,
				 db_col_int(st, 7) };
		static const char *const names[] = { "referrals", "deals", "won",
						     "lost" };
		for (int k = 0; k < 4; k++) {
			add_int(row, names[k], v[k]);
			if (tot)
				add_int(tot, names[k], v[k]);
		}
		if (won && (first ? report_convert(r, db_col_text(st, 8),
						   db_col_text(st, 9),
						   db_col_int(st, 10), won, &base)
			    : convert_again(r->cv, db_col_text(st, 8),
					    db_col_text(st, 9), db_col_int(st, 10),
					    &base))) {
			add_int(row, "won_minor", base);
			if (tot)
				add_int(tot, "won_minor", base);
		}
	}
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	qb_release(&q);
	if (n)
		qsort(all, n, sizeof(*all), by_credit);
	for (size_t i = 0; i < n; i++) {
		int64_t won = member(&all[i], "won"), lost = member(&all[i], "lost");
		json_object_set_new(all[i].row, "win_rate", report_rate(won,
								won + lost));
		json_array_append_new(out, all[i].row);
	}
	free(all);
	return rc;
}

/* Deals closed in the period in view, won and lost, those a referral
 * produced apart from the others, into TOT. */
static int conversion(struct report_run *r, json_t *tot)
{
	struct qb q;
	struct db_stmt *st;
	int64_t v[2][2] = { { 0, 0 }, { 0, 0 } };	/* [referred][lost] */
	int rc;
	qb_init(&q);
	qb_sql(&q, "SELECT CASE WHEN t.source_referral_id IS NULL THEN 0 ELSE 1 "
	       "END, CASE WHEN t.status = 'lost' THEN 1 ELSE 0 END, COUNT(*) FROM "
	       "deals t WHERE t.status IN ('won', 'lost')");
	report_deal_scope(&q, r, "t");
	report_period_day(&q, r, "COALESCE(substr(t.closed_at, 1, 10), '')");
	qb_sql(&q, " GROUP BY 1, 2");
	if (!(st = report_prepare(r, &q))) {
		qb_release(&q);
		return r->err->code;
	}
	while ((rc = db_step(st)) > 0)
		v[db_col_int(st, 0) ? 1 : 0][db_col_int(st, 1) ? 1 : 0] +=
			db_col_int(st, 2);
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	qb_release(&q);
	static const char *const who[] = { "other", "referred" };
	char k[32];
	for (int i = 1; i >= 0; i--) {
		snprintf(k, sizeof(k), "%s_won", who[i]);
		json_object_set_new(tot, k, json_integer(v[i][0]));
		snprintf(k, sizeof(k), "%s_lost", who[i]);
		json_object_set_new(tot, k, json_integer(v[i][1]));
		snprintf(k, sizeof(k), "%s_win_rate", who[i]);
		json_object_set_new(tot, k, report_rate(v[i][0], v[i][0] + v[i][1]));
	}
	return rc;
}

int report_referrals(struct report_run *r, json_t *rep)
{
	json_t *tot = json_object_get(rep, "totals");
	int rc = 0;
	json_object_set_new(tot, "referrals", json_integer(0));
	json_object_set_new(tot, "deals", json_integer(0));
	json_object_set_new(tot, "won", json_integer(0));
	json_object_set_new(tot, "lost", json_integer(0));
	json_object_set_new(tot, "won_minor", json_integer(0));
	for (size_t i = 0; i < ARRAY_SIZE(credits) && !rc; i++) {
		const struct credit *c = &credits[i];
		json_t *out = json_object_get(rep, "rows");
		if (c->array) {
			out = json_array();
			json_object_set_new(rep, c->array, out);
		}
		rc = credit_rows(r, c, out, i == 0, i == 0 ? tot : NULL);
	}
	if (!rc) {
		json_int_t won = json_integer_value(json_object_get(tot, "won"));
		json_int_t lost = json_integer_value(json_object_get(tot, "lost"));
		json_object_set_new(tot, "win_rate", report_rate(won, won + lost));
		rc = conversion(r, tot);
	}
	return rc;
}
