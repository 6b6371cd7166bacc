/* The disqualified report: deals disqualified rather than lost (core/deal.h,
 * deal_disqualify), per reason, and the latest of them. They are kept apart
 * from every other report: neither open (pipeline, forecast, board) nor
 * closed (win rate, cycle times, the forecast's learned rates). Read from
 * the deals by the partial index deals_disqualified (sql/018). */
#include <string.h>

#include "core/engage.h"
#include "core/report/internal.h"
#include "util/banned.h"

#define DISQUALIFIED_LIST_MAX 100	/* the latest deals listed */

/* Adds the deals of reason REASON (count N, value CENTS in CURRENCY dated
 * DAY) into ROWS' row of that reason, converted to the base currency. */
static void add_to_reason(struct report_run *r, json_t *rows,
			  const char *reason, const char *currency,
			  const char *day, int64_t n, int64_t cents)
{
	int64_t base = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		if (strcmp(json_string_value(json_object_get(row, "reason")), reason))
			continue;
		json_t *d = json_object_get(row, "deals");
		json_integer_set(d, json_integer_value(d) + n);
		if (report_convert(r, currency, day, cents, n, &base)) {
			json_t *v = json_object_get(row, "value_minor");
			json_integer_set(v, money_add(json_integer_value(v), base));
		}
		return;
	}
}

static int by_reason(struct report_run *r, json_t *rows, int64_t *total)
{
	struct qb q;
	struct db_stmt *st;
	int rc;
	qb_init(&q);
	qb_sql(&q, "SELECT t.disqualified_reason, t.currency, CASE WHEN "
	       "t.currency = ? THEN '' ELSE ");
	qb_text(&q, convert_base(r->cv));
	report_rate_day(&q, "t");
	qb_sql(&q, " END, COUNT(*), SUM(t.value_cents) FROM deals t WHERE "
	       "t.status = 'disqualified'");
	report_deal_scope(&q, r, "t");
	report_period_day(&q, r, "COALESCE(substr(t.closed_at, 1, 10), '')");
	qb_sql(&q, " GROUP BY 1, 2, 3");
	if (!(st = report_prepare(r, &q))) {
		qb_release(&q);
		return r->err->code;
	}
	while ((rc = db_step(st)) > 0) {
		const char *reason = db_col_text(st, 0);
		int64_t n = db_col_int(st, 3);
		add_to_reason(r, rows, reason ? reason : "", db_col_text(st, 1),
			      db_col_text(st, 2), n, db_col_int(st, 4));
		*total += n;
	}
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	qb_release(&q);
	return rc;
}

static int latest(struct report_run *r, json_t *list)
{
	struct qb q;
	struct db_stmt *st;
	int rc;
	qb_init(&q);
	qb_sql(&q, "SELECT t.id, t.title, t.disqualified_reason, "
	       "t.disqualified_note, t.closed_at, t.step, t.value_cents, "
	       "t.currency, u.name, a.name FROM deals t JOIN users u ON "
	       "u.org_id = t.org_id AND u.id = t.owner_id JOIN accounts a ON "
	       "a.org_id = t.org_id AND a.id = t.account_id WHERE t.status = "
	       "'disqualified'");
	report_deal_scope(&q, r, "t");
	report_period_day(&q, r, "COALESCE(substr(t.closed_at, 1, 10), '')");
	qb_sql(&q, " ORDER BY t.closed_at DESC, t.id DESC LIMIT %d",
	       DISQUALIFIED_LIST_MAX);
	if (!(st = report_prepare(r, &q))) {
		qb_release(&q);
		return r->err->code;
	}
	while ((rc = db_step(st)) > 0) {
		const char *note = db_col_text(st, 3);
		json_array_append_new(list, json_pack(
			"{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s}",
			"deal_id", (json_int_t)db_col_int(st, 0),
			"title", db_col_text(st, 1),
			"reason", db_col_text(st, 2) ? db_col_text(st, 2) : "",
			"note", note ? json_string(note) : json_null(),
			"closed_at", db_col_text(st, 4) ? db_col_text(st, 4) : "",
			"step", db_col_text(st, 5),
			"value", money_json(db_col_int(st, 6), db_col_text(st, 7)),
			"owner", db_col_text(st, 8), "account", db_col_text(st, 9)));
	}
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	qb_release(&q);
	return rc;
}

int report_disqualified(struct report_run *r, json_t *rep)
{
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	json_t *list = json_array();
	int64_t total = 0;
	int rc;

	json_object_set_new(rep, "deals", list);
	/* every reason has its row, in the list's order, even at 0 */
	for (int i = 0; engage_disqualify_reasons[i]; i++)
		json_array_append_new(rows, json_pack("{s:s, s:I, s:I}", "reason",
			engage_disqualify_reasons[i], "deals", (json_int_t)0,
			"value_minor", (json_int_t)0));
	if ((rc = by_reason(r, rows, &total)) || (rc = latest(r, list)))
		return rc;
	size_t i;
	json_t *row;
	int64_t value = 0;
	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "share", report_rate(json_integer_value(
			json_object_get(row, "deals")), total));
		value = money_add(value, json_integer_value(json_object_get(row,
								"value_minor")));
	}
	json_object_set_new(t, "deals", json_integer(total));
	json_object_set_new(t, "value_minor", json_integer(value));
	return 0;
}
